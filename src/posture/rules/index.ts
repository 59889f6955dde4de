/**
 * The posture rule registry: every rule, one file each. Add a rule by creating its file here and
 * listing it below; test/posture/rules.test.ts checks ids, severities, remediation and fixtures.
 */
import type { RuleDefinition } from '../rule';
import { workloadRules } from './workload-rules';
import configRecorderOff from './config-recorder-off';
import configRecorderPartialCoverage from './config-recorder-partial-coverage';
import configDeliveryFailing from './config-delivery-failing';
import guarddutyDisabled from './guardduty-disabled';
import accessAnalyzerDisabled from './access-analyzer-disabled';
import securityhubDisabled from './securityhub-disabled';
import cloudwatchAlarmUnauthorizedApiCalls from './cloudwatch-alarm-unauthorized-api-calls';
import cloudwatchAlarmConsoleLoginWithoutMfa from './cloudwatch-alarm-console-login-without-mfa';
import cloudwatchAlarmRootUsage from './cloudwatch-alarm-root-usage';
import cloudwatchAlarmConsoleAuthFailures from './cloudwatch-alarm-console-auth-failures';
import cloudwatchAlarmIamPolicyChanges from './cloudwatch-alarm-iam-policy-changes';
import cloudwatchAlarmCloudtrailChanges from './cloudwatch-alarm-cloudtrail-changes';
import cloudwatchAlarmCmkDisableOrDeletion from './cloudwatch-alarm-cmk-disable-or-deletion';
import cloudwatchAlarmS3BucketPolicyChanges from './cloudwatch-alarm-s3-bucket-policy-changes';
import cloudwatchAlarmConfigChanges from './cloudwatch-alarm-config-changes';
import cloudwatchAlarmSecurityGroupChanges from './cloudwatch-alarm-security-group-changes';
import cloudwatchAlarmNaclChanges from './cloudwatch-alarm-nacl-changes';
import cloudwatchAlarmNetworkGatewayChanges from './cloudwatch-alarm-network-gateway-changes';
import cloudwatchAlarmRouteTableChanges from './cloudwatch-alarm-route-table-changes';
import cloudwatchAlarmVpcChanges from './cloudwatch-alarm-vpc-changes';
import cloudwatchAlarmOrganizationsChanges from './cloudwatch-alarm-organizations-changes';
import cloudtrailDeliveryFailing from './cloudtrail-delivery-failing';
import cloudtrailLogValidationOff from './cloudtrail-log-validation-off';
import cloudtrailManagementEventsNotRecorded from './cloudtrail-management-events-not-recorded';
import cloudtrailMultiRegionMissing from './cloudtrail-multi-region-missing';
import cloudtrailNotKmsEncrypted from './cloudtrail-not-kms-encrypted';
import cloudtrailTrailNotLogging from './cloudtrail-trail-not-logging';
import ec2DefaultSgHasRules from './ec2-default-sg-has-rules';
import ec2EbsDefaultEncryptionOff from './ec2-ebs-default-encryption-off';
import ec2EbsVolumeUnencrypted from './ec2-ebs-volume-unencrypted';
import ec2InstanceImdsv1 from './ec2-instance-imdsv1';
import ec2InstanceNoRole from './ec2-instance-no-role';
import ec2InstancePublicAdminPort from './ec2-instance-public-admin-port';
import ec2SgAdminPortsOpenIpv4 from './ec2-sg-admin-ports-open-ipv4';
import ec2SgAdminPortsOpenIpv6 from './ec2-sg-admin-ports-open-ipv6';
import ec2SgAllPortsOpen from './ec2-sg-all-ports-open';
import ec2SgDatabasePortsOpen from './ec2-sg-database-ports-open';
import iamAccessKeyAtSetup from './iam-access-key-at-setup';
import iamAccessKeyNotRotated90d from './iam-access-key-not-rotated-90d';
import iamAccessKeyUnused90d from './iam-access-key-unused-90d';
import iamCloudshellFullAccess from './iam-cloudshell-full-access';
import iamConsoleUserWithoutMfa from './iam-console-user-without-mfa';
import iamCredentialsUnused45d from './iam-credentials-unused-45d';
import iamFullAdminPolicyAttached from './iam-full-admin-policy-attached';
import iamMultipleActiveKeys from './iam-multiple-active-keys';
import iamPasswordPolicyLength from './iam-password-policy-length';
import iamPasswordPolicyReuse from './iam-password-policy-reuse';
import iamPolicyCriticalServiceWildcard from './iam-policy-critical-service-wildcard';
import iamPrivilegeEscalation from './iam-privilege-escalation';
import iamRoleCrossAccountNoCondition from './iam-role-cross-account-no-condition';
import iamRoleOidcNoSubject from './iam-role-oidc-no-subject';
import iamRoleTrustWildcard from './iam-role-trust-wildcard';
import iamRoleUnused90d from './iam-role-unused-90d';
import iamRootAccessKeys from './iam-root-access-keys';
import iamRootHardwareMfa from './iam-root-hardware-mfa';
import iamRootMfaDisabled from './iam-root-mfa-disabled';
import iamRootUsedRecently from './iam-root-used-recently';
import iamSupportRoleMissing from './iam-support-role-missing';
import iamUserDirectAdmin from './iam-user-direct-admin';
import iamUserDirectPolicies from './iam-user-direct-policies';
import idpAdminNotInIdp from './idp-admin-not-in-idp';
import idpUserNotInIdp from './idp-user-not-in-idp';
import idpUserOffboarded from './idp-user-offboarded';
import vpcFlowLogsMissing from './vpc-flow-logs-missing';
import kmsCmkRotationOff from './kms-cmk-rotation-off';
import kmsKeyPolicyPublic from './kms-key-policy-public';
import kmsKeyPolicyCrossAccount from './kms-key-policy-cross-account';
import s3AccountBlockPublicAccessOff from './s3-account-block-public-access-off';
import s3BucketBlockPublicAccessOff from './s3-bucket-block-public-access-off';
import s3BucketPolicyPublic from './s3-bucket-policy-public';
import s3BucketAclPublic from './s3-bucket-acl-public';
import s3BucketPolicyCrossAccount from './s3-bucket-policy-cross-account';
import s3BucketDefaultEncryptionOff from './s3-bucket-default-encryption-off';
import s3BucketAccessLoggingOff from './s3-bucket-access-logging-off';
import s3BucketSslNotEnforced from './s3-bucket-ssl-not-enforced';
import cloudtrailBucketPublic from './cloudtrail-bucket-public';
import cloudtrailBucketAccessLoggingOff from './cloudtrail-bucket-access-logging-off';
import cloudtrailBucketVersioningOff from './cloudtrail-bucket-versioning-off';
import cloudtrailBucketMfaDeleteOff from './cloudtrail-bucket-mfa-delete-off';

export const rules: RuleDefinition[] = [
  cloudtrailDeliveryFailing,
  cloudtrailLogValidationOff,
  cloudtrailManagementEventsNotRecorded,
  cloudtrailMultiRegionMissing,
  cloudtrailNotKmsEncrypted,
  cloudtrailTrailNotLogging,
  ec2DefaultSgHasRules,
  ec2EbsDefaultEncryptionOff,
  ec2EbsVolumeUnencrypted,
  ec2InstanceImdsv1,
  ec2InstanceNoRole,
  ec2InstancePublicAdminPort,
  ec2SgAdminPortsOpenIpv4,
  ec2SgAdminPortsOpenIpv6,
  ec2SgAllPortsOpen,
  ec2SgDatabasePortsOpen,
  iamAccessKeyAtSetup,
  iamAccessKeyNotRotated90d,
  iamAccessKeyUnused90d,
  iamCloudshellFullAccess,
  iamConsoleUserWithoutMfa,
  iamCredentialsUnused45d,
  iamFullAdminPolicyAttached,
  iamMultipleActiveKeys,
  iamPasswordPolicyLength,
  iamPasswordPolicyReuse,
  iamPolicyCriticalServiceWildcard,
  iamPrivilegeEscalation,
  iamRoleCrossAccountNoCondition,
  iamRoleOidcNoSubject,
  iamRoleTrustWildcard,
  iamRoleUnused90d,
  iamRootAccessKeys,
  iamRootHardwareMfa,
  iamRootMfaDisabled,
  iamRootUsedRecently,
  iamSupportRoleMissing,
  iamUserDirectAdmin,
  iamUserDirectPolicies,
  idpAdminNotInIdp,
  idpUserNotInIdp,
  idpUserOffboarded,
  vpcFlowLogsMissing,
  s3AccountBlockPublicAccessOff,
  s3BucketBlockPublicAccessOff,
  s3BucketPolicyPublic,
  s3BucketAclPublic,
  s3BucketPolicyCrossAccount,
  s3BucketDefaultEncryptionOff,
  s3BucketAccessLoggingOff,
  s3BucketSslNotEnforced,
  cloudtrailBucketPublic,
  cloudtrailBucketAccessLoggingOff,
  cloudtrailBucketVersioningOff,
  cloudtrailBucketMfaDeleteOff,
  kmsCmkRotationOff,
  kmsKeyPolicyPublic,
  kmsKeyPolicyCrossAccount,
  ...workloadRules,
  cloudwatchAlarmUnauthorizedApiCalls,
  cloudwatchAlarmConsoleLoginWithoutMfa,
  cloudwatchAlarmRootUsage,
  cloudwatchAlarmConsoleAuthFailures,
  cloudwatchAlarmIamPolicyChanges,
  cloudwatchAlarmCloudtrailChanges,
  cloudwatchAlarmCmkDisableOrDeletion,
  cloudwatchAlarmS3BucketPolicyChanges,
  cloudwatchAlarmConfigChanges,
  cloudwatchAlarmSecurityGroupChanges,
  cloudwatchAlarmNaclChanges,
  cloudwatchAlarmNetworkGatewayChanges,
  cloudwatchAlarmRouteTableChanges,
  cloudwatchAlarmVpcChanges,
  cloudwatchAlarmOrganizationsChanges,
  configRecorderOff,
  configRecorderPartialCoverage,
  configDeliveryFailing,
  guarddutyDisabled,
  accessAnalyzerDisabled,
  securityhubDisabled,
];

export function findRule(id: string): RuleDefinition | undefined {
  return rules.find((r) => r.id === id);
}
