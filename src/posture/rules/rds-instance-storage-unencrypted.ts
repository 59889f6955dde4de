import { arnOf, itemsOf } from '../helpers/workloads';
import { defineRule } from '../rule';

export default defineRule({
  id: 'rds-instance-storage-unencrypted',
  title: 'RDS DB instance storage is not encrypted',
  severity: 'medium',
  service: 'rds',
  cis: '2.3.1',
  rationale:
    'Without encryption at rest the instance storage, its automated backups, read replicas and snapshots are unencrypted; a shared or leaked snapshot is readable by whoever restores it.',
  remediation:
    'Encryption cannot be switched on in place: snapshot the instance, copy the snapshot with a KMS key, restore from the encrypted copy and switch over:\n' +
    'aws rds create-db-snapshot --region REGION --db-instance-identifier DB_ID --db-snapshot-identifier DB_ID-plain\n' +
    'aws rds copy-db-snapshot --region REGION --source-db-snapshot-identifier DB_ID-plain --target-db-snapshot-identifier DB_ID-enc --kms-key-id alias/aws/rds\n' +
    'aws rds restore-db-instance-from-db-snapshot --region REGION --db-instance-identifier DB_ID-new --db-snapshot-identifier DB_ID-enc',
  needs: ['region.rdsInstances'],
  evaluate(s) {
    return itemsOf(s, 'rdsInstances')
      .filter(({ item }) => item.StorageEncrypted === false)
      .map(({ region, item }) => ({
        resourceId: item.DBInstanceArn ?? arnOf(s, 'rds', region, `db:${item.DBInstanceIdentifier}`),
        resourceType: 'AWS::RDS::DBInstance',
        region,
        message: `RDS instance ${item.DBInstanceIdentifier} in ${region} stores its data unencrypted.`,
        detail: { engine: item.Engine },
      }));
  },
});
