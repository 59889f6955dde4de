import { withUnchecked } from '../helpers/s3';
import { arnOf, eksStandardSupportEnded, itemsOf } from '../helpers/workloads';
import { defineRule } from '../rule';

export default defineRule({
  id: 'eks-version-unsupported',
  title: 'EKS cluster runs a Kubernetes version past standard support',
  severity: 'medium',
  service: 'eks',
  rationale:
    'Past the end of standard support in the Amazon EKS Kubernetes release calendar the upstream project no longer fixes the version, EKS charges for extended support, and at its end AWS upgrades the control plane on its own schedule — with the add-ons and nodes left behind.',
  remediation:
    'Upgrade one minor version at a time (check deprecated APIs and add-on versions first):\n' +
    'aws eks update-cluster-version --region REGION --name CLUSTER --kubernetes-version NEXT_VERSION',
  needs: ['region.eksClusters'],
  evaluate(s) {
    const unchecked: string[] = [];
    const findings = itemsOf(s, 'eksClusters').flatMap(({ region, item: c }) => {
      if (!c.read) {
        unchecked.push(`${region} ${c.name} (eks:DescribeCluster failed)`);
        return [];
      }
      const ended = eksStandardSupportEnded(c.version, s.collectedAt);
      if (!ended) return [];
      return [
        {
          resourceId: c.arn ?? arnOf(s, 'eks', region, `cluster/${c.name}`),
          resourceType: 'AWS::EKS::Cluster',
          region,
          message: `EKS cluster ${c.name} in ${region} runs Kubernetes ${c.version}, whose standard support ended ${ended}.`,
          detail: { version: c.version, endOfStandardSupport: ended },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
