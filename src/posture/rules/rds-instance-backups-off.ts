import { arnOf, itemsOf } from '../helpers/workloads';
import { defineRule } from '../rule';

export default defineRule({
  id: 'rds-instance-backups-off',
  title: 'RDS DB instance has automated backups turned off',
  severity: 'medium',
  service: 'rds',
  rationale:
    'A backup retention period of 0 disables automated backups and point-in-time recovery: after a ransomware-style deletion or a bad migration the data cannot be restored.',
  remediation:
    'Set a retention period (1–35 days):\n' +
    'aws rds modify-db-instance --region REGION --db-instance-identifier DB_ID --backup-retention-period 7 --apply-immediately',
  needs: ['region.rdsInstances'],
  evaluate(s) {
    // Read replicas of non-Aurora engines take no backups of their own by design; Aurora members follow the cluster.
    return itemsOf(s, 'rdsInstances')
      .filter(
        ({ item }) =>
          item.BackupRetentionPeriod === 0 && !item.ReadReplicaSourceDBInstanceIdentifier && !item.DBClusterIdentifier,
      )
      .map(({ region, item }) => ({
        resourceId: item.DBInstanceArn ?? arnOf(s, 'rds', region, `db:${item.DBInstanceIdentifier}`),
        resourceType: 'AWS::RDS::DBInstance',
        region,
        message: `RDS instance ${item.DBInstanceIdentifier} in ${region} has automated backups off (retention 0 days).`,
        detail: { backupRetentionPeriod: 0 },
      }));
  },
});
