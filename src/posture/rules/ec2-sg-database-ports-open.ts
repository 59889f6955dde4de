import { DATABASE_PORTS, securityGroupFindings, worldOpenPorts } from '../helpers/network';
import { defineRule } from '../rule';

export default defineRule({
  id: 'ec2-sg-database-ports-open',
  title: 'Security group exposes database ports to the internet',
  severity: 'high',
  service: 'ec2',
  rationale:
    'Databases and caches (MySQL 3306, PostgreSQL 5432, MSSQL 1433, Oracle 1521, Redis 6379, Memcached 11211, MongoDB 27017, Elasticsearch 9200) reachable from the internet are a leading cause of data breaches.',
  remediation:
    'Allow the database port only from the application security group:\n' +
    'aws ec2 revoke-security-group-ingress --region REGION --group-id SG_ID --ip-permissions IpProtocol=tcp,FromPort=5432,ToPort=5432,IpRanges=[{CidrIp=0.0.0.0/0}]\n' +
    'aws ec2 authorize-security-group-ingress --region REGION --group-id SG_ID --protocol tcp --port 5432 --source-group APP_SG_ID',
  needs: ['region.securityGroups'],
  evaluate(s) {
    return securityGroupFindings(s, (sg) => {
      const ports = [
        ...new Set([...worldOpenPorts(sg, DATABASE_PORTS, 'ipv4'), ...worldOpenPorts(sg, DATABASE_PORTS, 'ipv6')]),
      ].sort((a, b) => a - b);
      return ports.length
        ? { message: `exposes database port(s) ${ports.join(', ')} to the internet.`, detail: { ports } }
        : undefined;
    });
  },
});
