/** The workload rules (RDS, Lambda, SNS, SQS, EKS, ECS), listed in ./index.ts's registry. */
import type { RuleDefinition } from '../rule';
import ecsTaskEnvSecretNames from './ecs-task-env-secret-names';
import ecsTaskHostNetwork from './ecs-task-host-network';
import ecsTaskPrivileged from './ecs-task-privileged';
import eksControlPlaneLoggingOff from './eks-control-plane-logging-off';
import eksEndpointPublicOpen from './eks-endpoint-public-open';
import eksVersionUnsupported from './eks-version-unsupported';
import lambdaEnvSecretNames from './lambda-env-secret-names';
import lambdaFunctionPolicyCrossAccount from './lambda-function-policy-cross-account';
import lambdaFunctionPolicyPublic from './lambda-function-policy-public';
import lambdaFunctionUrlPublic from './lambda-function-url-public';
import lambdaRuntimeDeprecated from './lambda-runtime-deprecated';
import rdsInstanceBackupsOff from './rds-instance-backups-off';
import rdsInstancePublic from './rds-instance-public';
import rdsInstanceStorageUnencrypted from './rds-instance-storage-unencrypted';
import rdsSnapshotPublic from './rds-snapshot-public';
import snsTopicPolicyPublic from './sns-topic-policy-public';
import snsTopicUnencrypted from './sns-topic-unencrypted';
import sqsQueuePolicyPublic from './sqs-queue-policy-public';
import sqsQueueUnencrypted from './sqs-queue-unencrypted';

export const workloadRules: RuleDefinition[] = [
  rdsInstancePublic,
  rdsInstanceStorageUnencrypted,
  rdsSnapshotPublic,
  rdsInstanceBackupsOff,
  lambdaFunctionPolicyPublic,
  lambdaFunctionPolicyCrossAccount,
  lambdaFunctionUrlPublic,
  lambdaRuntimeDeprecated,
  lambdaEnvSecretNames,
  snsTopicPolicyPublic,
  snsTopicUnencrypted,
  sqsQueuePolicyPublic,
  sqsQueueUnencrypted,
  eksEndpointPublicOpen,
  eksControlPlaneLoggingOff,
  eksVersionUnsupported,
  ecsTaskPrivileged,
  ecsTaskHostNetwork,
  ecsTaskEnvSecretNames,
];
