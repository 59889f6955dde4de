import { arnOf, itemsOf } from '../helpers/workloads';
import { defineRule } from '../rule';

export default defineRule({
  id: 'rds-instance-public',
  title: 'RDS DB instance is publicly accessible',
  severity: 'high',
  service: 'rds',
  cis: '2.3.3',
  rationale:
    'A publicly accessible DB instance gets a DNS name that resolves to a public IP address: with a permissive security group the database listener is reachable from the internet, where credential stuffing and engine vulnerabilities are tried continuously.',
  remediation:
    'Turn public accessibility off (the instance keeps its private address), and reach it through a VPN, bastion or VPC peering:\n' +
    'aws rds modify-db-instance --region REGION --db-instance-identifier DB_ID --no-publicly-accessible --apply-immediately',
  needs: ['region.rdsInstances'],
  evaluate(s) {
    return itemsOf(s, 'rdsInstances')
      .filter(({ item }) => item.PubliclyAccessible === true)
      .map(({ region, item }) => ({
        resourceId: item.DBInstanceArn ?? arnOf(s, 'rds', region, `db:${item.DBInstanceIdentifier}`),
        resourceType: 'AWS::RDS::DBInstance',
        region,
        message: `RDS instance ${item.DBInstanceIdentifier} (${item.Engine ?? 'engine unknown'}) in ${region} is publicly accessible.`,
        detail: { engine: item.Engine, status: item.DBInstanceStatus },
      }));
  },
});
