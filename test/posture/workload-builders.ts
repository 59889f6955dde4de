/** Clean workload parts of a region (RDS, Lambda, SNS, SQS, EKS, ECS): no workload rule fires on them. */
import type { WorkloadParts } from '../../src/posture/workloads';

const ACCOUNT = '123456789012';

export function cleanWorkloads(region = 'us-east-1'): Required<WorkloadParts> {
  return {
    rdsInstances: [
      {
        DBInstanceIdentifier: 'orders-db',
        DBInstanceArn: `arn:aws:rds:${region}:${ACCOUNT}:db:orders-db`,
        Engine: 'postgres',
        EngineVersion: '16.4',
        DBInstanceStatus: 'available',
        PubliclyAccessible: false,
        StorageEncrypted: true,
        KmsKeyId: `arn:aws:kms:${region}:${ACCOUNT}:key/k`,
        BackupRetentionPeriod: 7,
      },
    ],
    rdsSnapshots: [
      {
        kind: 'db',
        id: 'orders-db-before-migration',
        arn: `arn:aws:rds:${region}:${ACCOUNT}:snapshot:orders-db-before-migration`,
        source: 'orders-db',
        SnapshotType: 'manual',
        Encrypted: true,
        restore: [],
      },
      {
        kind: 'cluster',
        id: 'ledger-final',
        arn: `arn:aws:rds:${region}:${ACCOUNT}:cluster-snapshot:ledger-final`,
        source: 'ledger',
        SnapshotType: 'manual',
        Encrypted: true,
        restore: [],
      },
    ],
    lambdaFunctions: [
      {
        FunctionName: 'thumbnailer',
        FunctionArn: `arn:aws:lambda:${region}:${ACCOUNT}:function:thumbnailer`,
        Runtime: 'python3.13',
        PackageType: 'Zip',
        EnvironmentVariableNames: ['BUCKET', 'LOG_LEVEL', 'DB_PASSWORD_SECRET_ARN'],
        // S3 invokes it, pinned to the bucket and the account (the standard add-permission shape).
        Policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 's3-invoke',
              Effect: 'Allow',
              Principal: { Service: 's3.amazonaws.com' },
              Action: 'lambda:InvokeFunction',
              Resource: `arn:aws:lambda:${region}:${ACCOUNT}:function:thumbnailer`,
              Condition: {
                StringEquals: { 'AWS:SourceAccount': ACCOUNT },
                ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::uploads' },
              },
            },
          ],
        },
        Urls: [],
      },
    ],
    snsTopics: [
      {
        TopicArn: `arn:aws:sns:${region}:${ACCOUNT}:alerts`,
        read: true,
        KmsMasterKeyId: 'alias/aws/sns',
        // SNS's default topic policy: "*" pinned by AWS:SourceOwner.
        Policy: {
          Version: '2008-10-17',
          Statement: [
            {
              Sid: '__default_statement_ID',
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: ['SNS:GetTopicAttributes', 'SNS:Publish', 'SNS:Subscribe'],
              Resource: `arn:aws:sns:${region}:${ACCOUNT}:alerts`,
              Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } },
            },
          ],
        },
      },
    ],
    sqsQueues: [
      {
        QueueUrl: `https://sqs.${region}.amazonaws.com/${ACCOUNT}/jobs`,
        QueueArn: `arn:aws:sqs:${region}:${ACCOUNT}:jobs`,
        read: true,
        SqsManagedSseEnabled: true,
        Policy: null,
      },
    ],
    eksClusters: [
      {
        name: 'platform',
        read: true,
        arn: `arn:aws:eks:${region}:${ACCOUNT}:cluster/platform`,
        version: '1.34',
        status: 'ACTIVE',
        endpointPublicAccess: true,
        endpointPrivateAccess: true,
        publicAccessCidrs: ['203.0.113.0/24'],
        clusterLogging: [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: true }],
      },
    ],
    ecsTaskDefinitions: [
      {
        taskDefinitionArn: `arn:aws:ecs:${region}:${ACCOUNT}:task-definition/web:7`,
        read: true,
        family: 'web',
        revision: 7,
        networkMode: 'awsvpc',
        containers: [
          {
            name: 'app',
            privileged: false,
            environmentNames: ['PORT', 'API_KEY_PARAMETER'],
            secretNames: ['DB_PASSWORD'],
          },
        ],
      },
    ],
  };
}
