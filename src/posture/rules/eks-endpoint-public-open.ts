import { withUnchecked } from '../helpers/s3';
import { arnOf, itemsOf } from '../helpers/workloads';
import { defineRule } from '../rule';

export default defineRule({
  id: 'eks-endpoint-public-open',
  title: 'EKS cluster API endpoint is open to the whole internet',
  severity: 'high',
  service: 'eks',
  rationale:
    'With the public endpoint on and publicAccessCidrs containing 0.0.0.0/0 (the default), the Kubernetes API server accepts connections from anywhere: a leaked kubeconfig token or an API-server vulnerability is then exploitable from the internet.',
  remediation:
    'Turn the public endpoint off (use the private endpoint from the VPC), or restrict it to your networks:\n' +
    'aws eks update-cluster-config --region REGION --name CLUSTER --resources-vpc-config endpointPublicAccess=false,endpointPrivateAccess=true\n' +
    'aws eks update-cluster-config --region REGION --name CLUSTER --resources-vpc-config publicAccessCidrs=203.0.113.0/24',
  needs: ['region.eksClusters'],
  evaluate(s) {
    const unchecked: string[] = [];
    const findings = itemsOf(s, 'eksClusters').flatMap(({ region, item: c }) => {
      if (!c.read) {
        unchecked.push(`${region} ${c.name} (eks:DescribeCluster failed)`);
        return [];
      }
      if (c.endpointPublicAccess !== true) return [];
      // The API omits publicAccessCidrs only on clusters that predate it, which are open to all.
      const cidrs = c.publicAccessCidrs ?? ['0.0.0.0/0'];
      if (!cidrs.includes('0.0.0.0/0')) return [];
      return [
        {
          resourceId: c.arn ?? arnOf(s, 'eks', region, `cluster/${c.name}`),
          resourceType: 'AWS::EKS::Cluster',
          region,
          message: `EKS cluster ${c.name} in ${region}: its API endpoint is public and open to 0.0.0.0/0.`,
          detail: { publicAccessCidrs: cidrs, endpointPrivateAccess: c.endpointPrivateAccess },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
