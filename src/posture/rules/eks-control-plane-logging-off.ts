import { withUnchecked } from '../helpers/s3';
import { arnOf, itemsOf } from '../helpers/workloads';
import { defineRule } from '../rule';

/** The log types an investigation needs: who called the API server, what it did, how they authenticated. */
const NEEDED = ['api', 'audit', 'authenticator'];

export default defineRule({
  id: 'eks-control-plane-logging-off',
  title: 'EKS control-plane audit logging is not fully on',
  severity: 'medium',
  service: 'eks',
  rationale:
    'Without the api, audit and authenticator control-plane logs in CloudWatch Logs there is no record of who did what through the Kubernetes API (secret reads, exec into pods, RBAC changes): an incident in the cluster cannot be investigated.',
  remediation:
    'Enable the control-plane log types:\n' +
    'aws eks update-cluster-config --region REGION --name CLUSTER --logging \'{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":true}]}\'',
  needs: ['region.eksClusters'],
  evaluate(s) {
    const unchecked: string[] = [];
    const findings = itemsOf(s, 'eksClusters').flatMap(({ region, item: c }) => {
      if (!c.read) {
        unchecked.push(`${region} ${c.name} (eks:DescribeCluster failed)`);
        return [];
      }
      const on = new Set((c.clusterLogging ?? []).filter((l) => l.enabled).flatMap((l) => l.types ?? []));
      const missing = NEEDED.filter((t) => !on.has(t));
      if (!missing.length) return [];
      return [
        {
          resourceId: c.arn ?? arnOf(s, 'eks', region, `cluster/${c.name}`),
          resourceType: 'AWS::EKS::Cluster',
          region,
          message: `EKS cluster ${c.name} in ${region} does not send these control-plane logs: ${missing.join(', ')}.`,
          detail: { missing, enabled: [...on] },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
