/**
 * The monitoring and detection part of a region snapshot (pure types, no SDK): CloudWatch Logs
 * metric filters and CloudWatch alarms (CIS 4.x), AWS Config recorders and delivery channels,
 * GuardDuty detectors, IAM Access Analyzer analyzers and the Security Hub hub. Field names follow
 * each API's JSON (and so `aws …` CLI output): CloudWatch Logs, Config, GuardDuty and Access
 * Analyzer use camelCase, CloudWatch and Security Hub PascalCase. Dates are ISO-8601 strings.
 *
 * `undefined` = not read (a warning says why); `[]` / `null` = read, and none configured.
 */

/** DescribeMetricFilters' MetricFilter. */
export interface MetricFilter {
  filterName?: string;
  filterPattern?: string;
  logGroupName?: string;
  metricTransformations?: { metricName?: string; metricNamespace?: string; metricValue?: string }[];
  creationTime?: number;
}

/** DescribeAlarms' MetricAlarm (the fields the CIS checks read). */
export interface MetricAlarm {
  AlarmName?: string;
  AlarmArn?: string;
  ActionsEnabled?: boolean;
  AlarmActions?: string[];
  MetricName?: string;
  Namespace?: string;
  /** Metric-math alarms name their metrics here instead. */
  Metrics?: { Id?: string; MetricStat?: { Metric?: { MetricName?: string; Namespace?: string } } }[];
  StateValue?: string;
}

/** DescribeConfigurationRecorders' ConfigurationRecorder. */
export interface ConfigRecorder {
  name?: string;
  roleARN?: string;
  recordingGroup?: {
    allSupported?: boolean;
    includeGlobalResourceTypes?: boolean;
    resourceTypes?: string[];
    exclusionByResourceTypes?: { resourceTypes?: string[] };
    recordingStrategy?: { useOnly?: string };
  };
}

/** DescribeConfigurationRecorderStatus' ConfigurationRecorderStatus. */
export interface ConfigRecorderStatus {
  name?: string;
  recording?: boolean;
  /** Pending | Success | Failure | NotApplicable */
  lastStatus?: string;
  lastErrorCode?: string;
  lastErrorMessage?: string;
}

/** DescribeDeliveryChannelStatus' DeliveryChannelStatus. */
export interface DeliveryChannelStatus {
  name?: string;
  configSnapshotDeliveryInfo?: DeliveryInfo;
  configHistoryDeliveryInfo?: DeliveryInfo;
  configStreamDeliveryInfo?: { lastStatus?: string; lastErrorCode?: string; lastErrorMessage?: string };
}
export interface DeliveryInfo {
  /** Success | Failure | Not_Applicable */
  lastStatus?: string;
  lastErrorCode?: string;
  lastErrorMessage?: string;
  lastAttemptTime?: string;
  lastSuccessfulTime?: string;
}

/** ListDetectors id + GetDetector (status undefined: GetDetector failed). */
export interface GuardDutyDetector {
  detectorId: string;
  /** ENABLED | DISABLED */
  status?: string;
  findingPublishingFrequency?: string;
}

/** ListAnalyzers' AnalyzerSummary. */
export interface AccessAnalyzer {
  arn?: string;
  name?: string;
  /** ACCOUNT | ORGANIZATION | ACCOUNT_UNUSED_ACCESS | ORGANIZATION_UNUSED_ACCESS | … */
  type?: string;
  /** ACTIVE | CREATING | DISABLED | FAILED */
  status?: string;
}

/** DescribeHub. */
export interface SecurityHubHub {
  HubArn?: string;
  SubscribedAt?: string;
  AutoEnableControls?: boolean;
  ControlFindingGenerator?: string;
}

/** ListSubscriptionsByTopic's Subscription (Endpoint is not kept: an e-mail address or URL is not needed). */
export interface SnsSubscription {
  /** An ARN once confirmed; `PendingConfirmation` (or `Deleted`) otherwise. */
  SubscriptionArn?: string;
  Owner?: string;
  Protocol?: string;
  TopicArn?: string;
}

/** A subscription that delivers: confirmed (its SubscriptionArn is an ARN, not `PendingConfirmation`). */
export const confirmedSubscription = (x: SnsSubscription) => /^arn:aws[a-z-]*:sns:/.test(x.SubscriptionArn ?? '');

export interface MonitoringParts {
  /** DescribeMetricFilters for every log group of the region. */
  metricFilters?: MetricFilter[];
  /** DescribeAlarms (metric alarms) of the region. */
  metricAlarms?: MetricAlarm[];
  /** ListSubscriptionsByTopic for every SNS topic the region's metric alarms notify ([] when none notifies SNS). */
  alarmTopicSubscriptions?: SnsSubscription[];
  configRecorders?: ConfigRecorder[];
  configRecorderStatus?: ConfigRecorderStatus[];
  configDeliveryStatus?: DeliveryChannelStatus[];
  guardDutyDetectors?: GuardDutyDetector[];
  accessAnalyzers?: AccessAnalyzer[];
  /** null: the account is not subscribed to Security Hub in this region. */
  securityHub?: SecurityHubHub | null;
}
