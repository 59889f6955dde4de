/**
 * The regional (non-IAM) part of an account snapshot: EC2 network and storage configuration and
 * CloudTrail trail configuration. Field names follow the AWS API (and so `aws … describe-*` JSON
 * output and SDK v3 outputs alike); dates are ISO-8601 strings. Pure types, no SDK.
 *
 * A field left `undefined` means "could not be read" (the API failed; a warning says why): rules
 * that need it report themselves not checked for that region, never passed.
 */

import type { PolicyDocument } from '../iam/policy-document';
import type { WorkloadParts } from './workloads';
import type { MonitoringParts } from './monitoring';

export interface IpRange {
  CidrIp?: string;
  Description?: string;
}
export interface Ipv6Range {
  CidrIpv6?: string;
  Description?: string;
}

export interface IpPermission {
  /** `tcp`, `udp`, `icmp`, `-1` (all), or a protocol number. */
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: IpRange[];
  Ipv6Ranges?: Ipv6Range[];
  UserIdGroupPairs?: { GroupId?: string; UserId?: string; Description?: string }[];
  PrefixListIds?: { PrefixListId?: string; Description?: string }[];
}

export interface SecurityGroup {
  GroupId: string;
  GroupName?: string;
  Description?: string;
  VpcId?: string;
  OwnerId?: string;
  SecurityGroupArn?: string;
  IpPermissions?: IpPermission[];
  IpPermissionsEgress?: IpPermission[];
  Tags?: Tag[];
}

export interface Tag {
  Key?: string;
  Value?: string;
}

export interface Instance {
  InstanceId: string;
  State?: { Name?: string };
  MetadataOptions?: { HttpTokens?: string; HttpEndpoint?: string; HttpPutResponseHopLimit?: number; State?: string };
  PublicIpAddress?: string;
  PrivateIpAddress?: string;
  IamInstanceProfile?: { Arn?: string; Id?: string };
  SecurityGroups?: { GroupId?: string; GroupName?: string }[];
  VpcId?: string;
  SubnetId?: string;
  LaunchTime?: string;
  Tags?: Tag[];
}

export interface Volume {
  VolumeId: string;
  Encrypted?: boolean;
  KmsKeyId?: string;
  State?: string;
  Size?: number;
  Attachments?: { InstanceId?: string; Device?: string; State?: string }[];
  Tags?: Tag[];
}

export interface Vpc {
  VpcId: string;
  IsDefault?: boolean;
  CidrBlock?: string;
  State?: string;
  OwnerId?: string;
  Tags?: Tag[];
}

export interface FlowLog {
  FlowLogId?: string;
  ResourceId?: string;
  FlowLogStatus?: string;
  DeliverLogsStatus?: string;
  TrafficType?: string;
  LogDestinationType?: string;
}

export interface Trail {
  Name: string;
  TrailARN: string;
  HomeRegion?: string;
  IsMultiRegionTrail?: boolean;
  IsOrganizationTrail?: boolean;
  IncludeGlobalServiceEvents?: boolean;
  LogFileValidationEnabled?: boolean;
  KmsKeyId?: string;
  S3BucketName?: string;
  CloudWatchLogsLogGroupArn?: string;
  HasCustomEventSelectors?: boolean;
}

export interface TrailStatus {
  IsLogging?: boolean;
  LatestDeliveryError?: string;
  LatestDeliveryTime?: string;
  StopLoggingTime?: string;
}

export interface EventSelector {
  ReadWriteType?: string;
  IncludeManagementEvents?: boolean;
  ExcludeManagementEventSources?: string[];
}

export interface FieldSelector {
  Field: string;
  Equals?: string[];
  NotEquals?: string[];
  StartsWith?: string[];
  NotStartsWith?: string[];
}

export interface AdvancedEventSelector {
  Name?: string;
  FieldSelectors: FieldSelector[];
}

export interface TrailSelectors {
  EventSelectors?: EventSelector[];
  AdvancedEventSelectors?: AdvancedEventSelector[];
}

/** A KMS key (ListKeys + DescribeKey's KeyMetadata), with its rotation status and key policy. */
export interface KmsKey {
  KeyId: string;
  Arn?: string;
  /** CUSTOMER | AWS */
  KeyManager?: string;
  /** Enabled | Disabled | PendingDeletion | … */
  KeyState?: string;
  KeySpec?: string;
  KeyUsage?: string;
  /** AWS_KMS | EXTERNAL | AWS_CLOUDHSM | EXTERNAL_KEY_STORE */
  Origin?: string;
  Description?: string;
  /** GetKeyRotationStatus; undefined: not read (or not applicable: AWS-managed, asymmetric, imported). */
  RotationEnabled?: boolean;
  /** GetKeyPolicy (policy name "default"); undefined: not read. */
  Policy?: PolicyDocument | null;
}

/**
 * One region of one account. `undefined` = not read (see the snapshot's warnings). The workload
 * parts (RDS, Lambda, SNS, SQS, EKS, ECS) are in ./workloads; the monitoring and detection parts
 * (CloudWatch, Config, GuardDuty, Access Analyzer, Security Hub) in ./monitoring.
 */
export interface RegionSnapshot extends WorkloadParts, MonitoringParts {
  securityGroups?: SecurityGroup[];
  instances?: Instance[];
  volumes?: Volume[];
  /** GetEbsEncryptionByDefault. */
  ebsEncryptionByDefault?: boolean;
  vpcs?: Vpc[];
  flowLogs?: FlowLog[];
  /** DescribeTrails in this region (includes shadow copies of multi-region trails homed elsewhere). */
  trails?: Trail[];
  /** GetTrailStatus by trail ARN; a trail missing here was not read. */
  trailStatus?: Record<string, TrailStatus>;
  /** GetEventSelectors by trail ARN; a trail missing here was not read. */
  eventSelectors?: Record<string, TrailSelectors>;
  /** KMS keys of the region (customer-managed keys carry rotation status and policy). */
  kmsKeys?: KmsKey[];
}

export type RegionPart = keyof RegionSnapshot;

/** What could not be read, and what to grant so that it can. */
export interface SnapshotWarning {
  /** e.g. `ec2:DescribeSecurityGroups` */
  api: string;
  /** The IAM permission to add (or the setting to change), e.g. `ec2:DescribeSecurityGroups`. */
  permission: string;
  message: string;
  region?: string;
  /** Snapshot parts left unread, e.g. `securityGroups`, `iam.credentialReport`, `okta`. */
  parts?: string[];
  /** Rule ids left not checked because of it (filled by the scanner). */
  rulesAffected?: string[];
}
