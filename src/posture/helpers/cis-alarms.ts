/**
 * CIS AWS Foundations section 4 (Monitoring) metric filters and alarms (pure). Each control is
 * data: the CloudTrail events its filter must match and the events it must not (so a catch-all
 * `{ $.eventName = * }` does not pass), the pattern CIS recommends, and a CLI fix. A control passes
 * when, on the CloudWatch Logs log group of a multi-region trail that is logging, a metric filter
 * matches every one of those events, and an alarm on the filter's metric (same region) has an
 * enabled SNS action whose topic has a confirmed subscription (ListSubscriptionsByTopic: an alarm
 * that notifies a topic nobody confirmed pages nobody). Near misses are reported with what is missing: a filter on another log group,
 * a filter missing an event, an alarm without an action.
 */
import type { RuleDefinition, RuleFinding, Severity } from '../rule';
import { confirmedSubscription, type MetricAlarm, type MetricFilter } from '../monitoring';
import type { AccountSnapshot } from '../snapshot';
import { type Pattern, FilterPatternError, matchesPattern, parseFilterPattern } from './filter-pattern';
import { accountTrails } from './trails';

type Ev = Record<string, unknown>;

export interface CisAlarm {
  key: string;
  cis: string;
  title: string;
  severity: Severity;
  rationale: string;
  metric: string;
  /** The pattern CIS recommends (used in the fix). */
  pattern: string;
  /** Events (named for messages) the filter must match. */
  must: [string, Ev][];
  /** Events the filter must not match. */
  mustNot: [string, Ev][];
}

const base = (o: Ev): Ev => ({
  eventVersion: '1.09',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/someone' },
  eventType: 'AwsApiCall',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  ...o,
});
const calls = (source: string, names: string[]): [string, Ev][] =>
  names.map((n) => [n, base({ eventSource: source, eventName: n })]);
const BENIGN: [string, Ev] = [
  'DescribeInstances',
  base({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances' }),
];
const or = (source: string | undefined, names: string[]) => {
  const ors = names.map((n) => `($.eventName = ${n})`).join(' || ');
  return source ? `{ ($.eventSource = ${source}) && (${ors}) }` : `{ ${ors} }`;
};

const EVENTS = {
  iam: [
    'DeleteGroupPolicy',
    'DeleteRolePolicy',
    'DeleteUserPolicy',
    'PutGroupPolicy',
    'PutRolePolicy',
    'PutUserPolicy',
    'CreatePolicy',
    'DeletePolicy',
    'CreatePolicyVersion',
    'DeletePolicyVersion',
    'AttachRolePolicy',
    'DetachRolePolicy',
    'AttachUserPolicy',
    'DetachUserPolicy',
    'AttachGroupPolicy',
    'DetachGroupPolicy',
  ],
  cloudtrail: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'],
  kms: ['DisableKey', 'ScheduleKeyDeletion'],
  s3: [
    'PutBucketAcl',
    'PutBucketPolicy',
    'PutBucketCors',
    'PutBucketLifecycle',
    'PutBucketReplication',
    'DeleteBucketPolicy',
    'DeleteBucketCors',
    'DeleteBucketLifecycle',
    'DeleteBucketReplication',
  ],
  config: ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'],
  sg: [
    'AuthorizeSecurityGroupIngress',
    'AuthorizeSecurityGroupEgress',
    'RevokeSecurityGroupIngress',
    'RevokeSecurityGroupEgress',
    'CreateSecurityGroup',
    'DeleteSecurityGroup',
  ],
  nacl: [
    'CreateNetworkAcl',
    'CreateNetworkAclEntry',
    'DeleteNetworkAcl',
    'DeleteNetworkAclEntry',
    'ReplaceNetworkAclEntry',
    'ReplaceNetworkAclAssociation',
  ],
  gateway: [
    'CreateCustomerGateway',
    'DeleteCustomerGateway',
    'AttachInternetGateway',
    'CreateInternetGateway',
    'DeleteInternetGateway',
    'DetachInternetGateway',
  ],
  route: [
    'CreateRoute',
    'CreateRouteTable',
    'ReplaceRoute',
    'ReplaceRouteTableAssociation',
    'DeleteRouteTable',
    'DeleteRoute',
    'DisassociateRouteTable',
  ],
  vpc: [
    'CreateVpc',
    'DeleteVpc',
    'ModifyVpcAttribute',
    'AcceptVpcPeeringConnection',
    'CreateVpcPeeringConnection',
    'DeleteVpcPeeringConnection',
    'RejectVpcPeeringConnection',
    'AttachClassicLinkVpc',
    'DetachClassicLinkVpc',
    'DisableVpcClassicLink',
    'EnableVpcClassicLink',
  ],
  organizations: [
    'AcceptHandshake',
    'AttachPolicy',
    'CreateAccount',
    'CreateOrganizationalUnit',
    'CreatePolicy',
    'DeclineHandshake',
    'DeleteOrganization',
    'DeleteOrganizationalUnit',
    'DeletePolicy',
    'DetachPolicy',
    'DisablePolicyType',
    'EnablePolicyType',
    'InviteAccountToOrganization',
    'LeaveOrganization',
    'MoveAccount',
    'RemoveAccountFromOrganization',
    'UpdatePolicy',
    'UpdateOrganizationalUnit',
  ],
};

const changeAlarm = (
  key: string,
  cis: string,
  title: string,
  metric: string,
  source: string,
  names: string[],
  rationale: string,
  scopedBySource = false,
): CisAlarm => ({
  key,
  cis,
  title,
  severity: 'low',
  rationale,
  metric,
  pattern: or(scopedBySource ? source : undefined, names),
  must: calls(source, names),
  mustNot: [BENIGN, ['ListTopics', base({ eventSource: 'sns.amazonaws.com', eventName: 'ListTopics' })]],
});

export const CIS_ALARMS: CisAlarm[] = [
  {
    key: 'unauthorized-api-calls',
    cis: '4.1',
    title: 'No metric filter and alarm for unauthorized API calls',
    severity: 'low',
    rationale:
      'A burst of AccessDenied / UnauthorizedOperation errors is how stolen credentials look while an attacker maps what they can do; without an alarm nobody hears it.',
    metric: 'UnauthorizedAPICalls',
    pattern:
      '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    must: [
      [
        'an UnauthorizedOperation error',
        base({
          eventSource: 'ec2.amazonaws.com',
          eventName: 'RunInstances',
          errorCode: 'Client.UnauthorizedOperation',
        }),
      ],
      [
        'an AccessDenied error',
        base({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', errorCode: 'AccessDenied' }),
      ],
      [
        'an AccessDeniedException error',
        base({ eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', errorCode: 'AccessDeniedException' }),
      ],
    ],
    mustNot: [BENIGN],
  },
  {
    key: 'console-login-without-mfa',
    cis: '4.2',
    title: 'No metric filter and alarm for console sign-in without MFA',
    severity: 'low',
    rationale: 'A password-only console sign-in is the phished-credential path; an alarm makes each one visible.',
    metric: 'ConsoleSigninWithoutMFA',
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    must: [
      [
        'a successful IAM-user ConsoleLogin without MFA',
        base({
          eventSource: 'signin.amazonaws.com',
          eventName: 'ConsoleLogin',
          eventType: 'AwsConsoleSignIn',
          additionalEventData: { MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/console/home' },
          responseElements: { ConsoleLogin: 'Success' },
        }),
      ],
    ],
    mustNot: [
      [
        'a ConsoleLogin with MFA',
        base({
          eventSource: 'signin.amazonaws.com',
          eventName: 'ConsoleLogin',
          eventType: 'AwsConsoleSignIn',
          additionalEventData: { MFAUsed: 'Yes' },
          responseElements: { ConsoleLogin: 'Success' },
        }),
      ],
    ],
  },
  {
    key: 'root-usage',
    cis: '4.3',
    title: 'No metric filter and alarm for root user activity',
    severity: 'low',
    rationale:
      'The root user bypasses every IAM control; any use of it should page someone, and CIS asks for an alarm on each.',
    metric: 'RootAccountUsage',
    pattern:
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    must: [
      [
        'a root API call',
        base({ userIdentity: { type: 'Root' }, eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey' }),
      ],
      [
        'a root console sign-in',
        base({
          userIdentity: { type: 'Root' },
          eventSource: 'signin.amazonaws.com',
          eventName: 'ConsoleLogin',
          eventType: 'AwsConsoleSignIn',
          responseElements: { ConsoleLogin: 'Success' },
        }),
      ],
    ],
    mustNot: [BENIGN],
  },
  changeAlarm(
    'iam-policy-changes',
    '4.4',
    'No metric filter and alarm for IAM policy changes',
    'IAMPolicyChanges',
    'iam.amazonaws.com',
    EVENTS.iam,
    'Attaching or rewriting a policy is how access is widened (and how attackers persist); an alarm on each change catches both.',
  ),
  changeAlarm(
    'cloudtrail-changes',
    '4.5',
    'No metric filter and alarm for CloudTrail configuration changes',
    'CloudTrailCfgChanges',
    'cloudtrail.amazonaws.com',
    EVENTS.cloudtrail,
    'Stopping or changing a trail is the first step in covering tracks; the alarm fires before the evidence goes dark.',
  ),
  {
    key: 'console-auth-failures',
    cis: '4.6',
    title: 'No metric filter and alarm for failed console sign-ins',
    severity: 'low',
    rationale: 'Repeated failed console sign-ins are password guessing; an alarm shortens the time to lock the user.',
    metric: 'ConsoleLoginFailures',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    must: [
      [
        'a failed ConsoleLogin',
        base({
          eventSource: 'signin.amazonaws.com',
          eventName: 'ConsoleLogin',
          eventType: 'AwsConsoleSignIn',
          errorMessage: 'Failed authentication',
          responseElements: { ConsoleLogin: 'Failure' },
          additionalEventData: { MFAUsed: 'No' },
        }),
      ],
    ],
    mustNot: [
      [
        'a successful ConsoleLogin',
        base({
          eventSource: 'signin.amazonaws.com',
          eventName: 'ConsoleLogin',
          eventType: 'AwsConsoleSignIn',
          responseElements: { ConsoleLogin: 'Success' },
          additionalEventData: { MFAUsed: 'Yes' },
        }),
      ],
    ],
  },
  changeAlarm(
    'cmk-disable-or-deletion',
    '4.7',
    'No metric filter and alarm for disabling or scheduled deletion of KMS keys',
    'DisableOrDeleteCMK',
    'kms.amazonaws.com',
    EVENTS.kms,
    'Disabling or deleting a customer-managed key makes everything encrypted under it unreadable — ransom by key deletion.',
    true,
  ),
  changeAlarm(
    's3-bucket-policy-changes',
    '4.8',
    'No metric filter and alarm for S3 bucket policy changes',
    'S3BucketPolicyChanges',
    's3.amazonaws.com',
    EVENTS.s3,
    'A bucket policy or ACL change is how data is made public or shared out; the alarm shortens the exposure window.',
    true,
  ),
  changeAlarm(
    'config-changes',
    '4.9',
    'No metric filter and alarm for AWS Config configuration changes',
    'AWSConfigChanges',
    'config.amazonaws.com',
    EVENTS.config,
    'Stopping the Config recorder blinds configuration history and compliance checks; it should never happen silently.',
    true,
  ),
  changeAlarm(
    'security-group-changes',
    '4.10',
    'No metric filter and alarm for security group changes',
    'SecurityGroupChanges',
    'ec2.amazonaws.com',
    EVENTS.sg,
    'Opening a security group is the quickest way to expose a host; an alarm on every change catches the one that matters.',
  ),
  changeAlarm(
    'nacl-changes',
    '4.11',
    'No metric filter and alarm for network ACL changes',
    'NACLChanges',
    'ec2.amazonaws.com',
    EVENTS.nacl,
    'Network ACLs are the subnet-level guard; a change can open a whole subnet.',
  ),
  changeAlarm(
    'network-gateway-changes',
    '4.12',
    'No metric filter and alarm for network gateway changes',
    'NetworkGatewayChanges',
    'ec2.amazonaws.com',
    EVENTS.gateway,
    'A new or re-attached gateway changes what can reach the VPC and where its traffic can leave.',
  ),
  changeAlarm(
    'route-table-changes',
    '4.13',
    'No metric filter and alarm for route table changes',
    'RouteTableChanges',
    'ec2.amazonaws.com',
    EVENTS.route,
    'A changed route can send traffic through a host the attacker controls.',
    true,
  ),
  changeAlarm(
    'vpc-changes',
    '4.14',
    'No metric filter and alarm for VPC changes',
    'VPCChanges',
    'ec2.amazonaws.com',
    EVENTS.vpc,
    'Peering and VPC attribute changes join networks that were meant to stay apart.',
  ),
  changeAlarm(
    'organizations-changes',
    '4.15',
    'No metric filter and alarm for AWS Organizations changes',
    'OrganizationsEvents',
    'organizations.amazonaws.com',
    EVENTS.organizations,
    'Organization changes (SCPs, accounts leaving or joining) alter the guard-rails of every account at once.',
    true,
  ),
];

/** Log group name and region from a CloudWatchLogsLogGroupArn (`arn:aws:logs:R:A:log-group:NAME:*`). */
export function logGroupOf(arn: string): { region: string; name: string } | undefined {
  const m = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):\d{12}:log-group:(.+?)(:\*)?$/.exec(arn);
  return m ? { region: m[1]!, name: m[2]! } : undefined;
}

const SNS = /^arn:aws[a-z-]*:sns:/;

export function alarmsOnMetric(alarms: MetricAlarm[], name: string, ns: string): MetricAlarm[] {
  return alarms.filter(
    (a) =>
      (a.MetricName === name && a.Namespace === ns) ||
      (a.Metrics ?? []).some(
        (m) => m.MetricStat?.Metric?.MetricName === name && m.MetricStat?.Metric?.Namespace === ns,
      ),
  );
}

export const notifies = (a: MetricAlarm) =>
  a.ActionsEnabled !== false && (a.AlarmActions ?? []).some((x) => SNS.test(x));

/** What one filter lacks for a control: events it does not match, events it wrongly matches, or a parse error. */
export function judgeFilter(
  c: CisAlarm,
  f: MetricFilter,
): { ok: true } | { ok: false; missing: string[]; overbroad: string[]; error?: string } {
  let p: Pattern;
  try {
    p = parseFilterPattern(f.filterPattern ?? '');
  } catch (err) {
    if (!(err instanceof FilterPatternError)) throw err;
    return { ok: false, missing: c.must.map(([n]) => n), overbroad: [], error: err.message };
  }
  const missing = c.must.filter(([, e]) => !matchesPattern(p, e)).map(([n]) => n);
  const overbroad = c.mustNot.filter(([, e]) => matchesPattern(p, e)).map(([n]) => n);
  return missing.length || overbroad.length ? { ok: false, missing, overbroad } : { ok: true };
}

interface Judgement {
  pass: boolean;
  unchecked?: string;
  reason?: string;
  detail?: Record<string, unknown>;
}

function judgeLogGroup(c: CisAlarm, s: AccountSnapshot, trailName: string, arn: string): Judgement {
  const lg = logGroupOf(arn);
  if (!lg) return { pass: false, reason: `trail ${trailName} names an unreadable log group ARN ${arn}` };
  const r = s.regions[lg.region];
  if (!s.account.regions.includes(lg.region) || !r)
    return { pass: false, unchecked: `${lg.name} in ${lg.region} (region not scanned)` };
  if (!r.metricFilters)
    return { pass: false, unchecked: `${lg.name} in ${lg.region} (logs:DescribeMetricFilters not read)` };
  const mine = r.metricFilters.filter((f) => f.logGroupName === lg.name);
  const good = mine.filter((f) => judgeFilter(c, f).ok);
  const detail: Record<string, unknown> = { trail: trailName, logGroup: lg.name, region: lg.region };
  if (!good.length) {
    const elsewhere = r.metricFilters.filter((f) => f.logGroupName !== lg.name && judgeFilter(c, f).ok);
    const near = mine
      .map((f) => ({ f, j: judgeFilter(c, f) }))
      .filter((x) => !x.j.ok && x.j.missing.length < c.must.length)
      .sort((a, b) => (a.j.ok ? 0 : a.j.missing.length) - (b.j.ok ? 0 : b.j.missing.length))[0];
    if (near && !near.j.ok) {
      detail.filter = near.f.filterName;
      detail.missingEvents = near.j.missing;
      if (near.j.overbroad.length) detail.alsoMatches = near.j.overbroad;
      return {
        pass: false,
        detail,
        reason: near.j.missing.length
          ? `metric filter ${near.f.filterName} on ${lg.name} misses ${near.j.missing.join(', ')}`
          : `metric filter ${near.f.filterName} on ${lg.name} also matches ${near.j.overbroad.join(', ')} (too broad to alarm on)`,
      };
    }
    if (elsewhere.length) {
      detail.filtersOnOtherLogGroups = elsewhere.map((f) => `${f.filterName} (${f.logGroupName})`);
      return {
        pass: false,
        detail,
        reason: `a matching metric filter exists only on another log group (${elsewhere.map((f) => f.logGroupName).join(', ')}), not on the trail's ${lg.name}`,
      };
    }
    const unparsed = mine.map((f) => ({ f, j: judgeFilter(c, f) })).find((x) => !x.j.ok && x.j.error);
    if (unparsed && !unparsed.j.ok) detail.unparsedFilter = `${unparsed.f.filterName}: ${unparsed.j.error}`;
    return {
      pass: false,
      detail,
      reason: `no metric filter on ${lg.name} matches ${c.must.map(([n]) => n).join(', ')}`,
    };
  }
  if (!r.metricAlarms) return { pass: false, unchecked: `alarms in ${lg.region} (cloudwatch:DescribeAlarms not read)` };
  const alarms = good.flatMap((f) =>
    (f.metricTransformations ?? []).flatMap((m) =>
      m.metricName && m.metricNamespace ? alarmsOnMetric(r.metricAlarms!, m.metricName, m.metricNamespace) : [],
    ),
  );
  detail.filter = good.map((f) => f.filterName).join(', ');
  const notifying = alarms.filter(notifies);
  if (notifying.length) {
    const subs = r.alarmTopicSubscriptions;
    if (!subs)
      return {
        pass: false,
        unchecked: `the subscribers of the alarm topics in ${lg.region} (sns:ListSubscriptionsByTopic not read)`,
      };
    const topics = [...new Set(notifying.flatMap((a) => (a.AlarmActions ?? []).filter((x) => SNS.test(x))))];
    if (topics.some((t) => subs.some((x) => x.TopicArn === t && confirmedSubscription(x)))) return { pass: true };
    detail.alarms = notifying.map((a) => a.AlarmName);
    detail.topics = topics;
    detail.pendingSubscriptions = subs.filter((x) => topics.includes(x.TopicArn ?? '')).length;
    return {
      pass: false,
      detail,
      reason: `alarm ${notifying.map((a) => a.AlarmName).join(', ')} notifies SNS topic ${topics.join(', ')}, which has no confirmed subscription${detail.pendingSubscriptions ? ' (only PendingConfirmation)' : ''}, so the alarm pages nobody`,
    };
  }
  if (alarms.length) {
    detail.alarms = alarms.map((a) => a.AlarmName);
    return {
      pass: false,
      detail,
      reason: `alarm ${alarms.map((a) => a.AlarmName).join(', ')} on the filter's metric has no enabled SNS action`,
    };
  }
  detail.metric = good.flatMap((f) =>
    (f.metricTransformations ?? []).map((m) => `${m.metricNamespace}/${m.metricName}`),
  );
  return { pass: false, detail, reason: `no CloudWatch alarm watches the metric of filter ${detail.filter}` };
}

export const cisAlarmResource = (s: AccountSnapshot, key: string) =>
  `arn:aws:logs::${s.account.accountId}:cis-metric-filter/${key}`;

export function evaluateCisAlarm(
  c: CisAlarm,
  s: AccountSnapshot,
): RuleFinding[] | { findings: RuleFinding[]; unchecked: string[] } {
  const trails = accountTrails(s).filter(
    (t) => t.trail.IsMultiRegionTrail && t.status?.IsLogging !== false && t.trail.CloudWatchLogsLogGroupArn,
  );
  const resource = {
    resourceId: cisAlarmResource(s, c.key),
    resourceType: 'AWS::Logs::MetricFilter',
  };
  if (!trails.length)
    return [
      {
        ...resource,
        message: `No logging multi-region trail sends to CloudWatch Logs, so nothing alarms on ${c.must
          .map(([n]) => n)
          .slice(0, 3)
          .join(', ')}${c.must.length > 3 ? ', …' : ''} (CIS ${c.cis}).`,
        detail: { reason: 'no multi-region trail with CloudWatchLogsLogGroupArn' },
      },
    ];
  const judged = trails.map((t) => judgeLogGroup(c, s, t.trail.Name, t.trail.CloudWatchLogsLogGroupArn!));
  if (judged.some((j) => j.pass)) return [];
  const unchecked = judged.filter((j) => j.unchecked).map((j) => j.unchecked!);
  if (unchecked.length) return { findings: [], unchecked };
  const first = judged[0]!;
  return [
    {
      ...resource,
      region: (first.detail?.region as string | undefined) ?? undefined,
      message: `${c.title.replace(/^No /, 'No working ')}: ${judged.map((j) => j.reason).join('; ')}.`,
      detail: { ...first.detail, cis: c.cis },
    },
  ];
}

/** The CLI fix: filter, alarm and SNS topic on the trail's log group. */
export function cisAlarmFix(c: CisAlarm): string {
  return (
    `On the multi-region trail's log group (aws cloudtrail describe-trails --query 'trailList[?IsMultiRegionTrail].CloudWatchLogsLogGroupArn'), in its region:\n` +
    `aws logs put-metric-filter --log-group-name LOG_GROUP --filter-name ${c.metric} --metric-transformations metricName=${c.metric},metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '${c.pattern}'\n` +
    `aws cloudwatch put-metric-alarm --alarm-name ${c.metric} --metric-name ${c.metric} --namespace CISBenchmark --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --evaluation-periods 1 --alarm-actions SNS_TOPIC_ARN\n` +
    `aws sns subscribe --topic-arn SNS_TOPIC_ARN --protocol email --notification-endpoint security@example.com   # then confirm it (aws sns list-subscriptions-by-topic --topic-arn SNS_TOPIC_ARN shows an ARN, not PendingConfirmation)`
  );
}

/** A rule for one control (the per-rule files in ../rules call this). */
export function cisAlarmRule(key: string): RuleDefinition {
  const c = CIS_ALARMS.find((a) => a.key === key);
  if (!c) throw new Error(`unknown CIS alarm ${key}`);
  return {
    id: `cloudwatch-alarm-${c.key}`,
    title: c.title,
    severity: c.severity,
    service: 'cloudwatch',
    cis: c.cis,
    rationale: c.rationale,
    remediation: cisAlarmFix(c),
    needs: [
      'region.trails',
      'region.trailStatus',
      'region.metricFilters',
      'region.metricAlarms',
      'region.alarmTopicSubscriptions',
    ],
    evaluate: (s) => evaluateCisAlarm(c, s),
  };
}
