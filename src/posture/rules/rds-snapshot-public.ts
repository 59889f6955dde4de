import { withUnchecked } from '../helpers/s3';
import { arnOf, itemsOf } from '../helpers/workloads';
import { defineRule } from '../rule';

export default defineRule({
  id: 'rds-snapshot-public',
  title: 'RDS DB or cluster snapshot is public',
  severity: 'critical',
  service: 'rds',
  rationale:
    'A manual snapshot whose restore attribute includes "all" can be copied and restored by any AWS account: the whole database, including password hashes and customer data, is published.',
  remediation:
    'Remove "all" from the restore attribute (share with named accounts instead):\n' +
    'aws rds modify-db-snapshot-attribute --region REGION --db-snapshot-identifier SNAPSHOT_ID --attribute-name restore --values-to-remove all\n' +
    'aws rds modify-db-cluster-snapshot-attribute --region REGION --db-cluster-snapshot-identifier SNAPSHOT_ID --attribute-name restore --values-to-remove all',
  needs: ['region.rdsSnapshots'],
  evaluate(s) {
    const unchecked: string[] = [];
    const findings = itemsOf(s, 'rdsSnapshots').flatMap(({ region, item }) => {
      if (item.restore === undefined) {
        unchecked.push(
          `${region} ${item.id} (rds:Describe${item.kind === 'db' ? 'DB' : 'DBCluster'}SnapshotAttributes failed)`,
        );
        return [];
      }
      if (!item.restore.includes('all')) return [];
      const cluster = item.kind === 'cluster';
      return [
        {
          resourceId: item.arn ?? arnOf(s, 'rds', region, `${cluster ? 'cluster-snapshot' : 'snapshot'}:${item.id}`),
          resourceType: cluster ? 'AWS::RDS::DBClusterSnapshot' : 'AWS::RDS::DBSnapshot',
          region,
          message: `RDS ${cluster ? 'cluster ' : ''}snapshot ${item.id} in ${region} is public: any AWS account can restore it${item.Encrypted === false ? ' (and it is unencrypted)' : ''}.`,
          detail: { kind: item.kind, source: item.source, encrypted: item.Encrypted },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
