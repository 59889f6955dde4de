import { defineRule } from '../rule';
import { regionsWith } from '../snapshot';

export default defineRule({
  id: 'ec2-ebs-default-encryption-off',
  title: 'EBS encryption by default is off',
  severity: 'medium',
  service: 'ec2',
  cis: '2.2.1',
  rationale:
    'With encryption by default on, every new volume and snapshot copy in the region is encrypted, whoever creates it; off, each team must remember.',
  remediation: 'Turn it on in every region used:\naws ec2 enable-ebs-encryption-by-default --region REGION',
  needs: ['region.ebsEncryptionByDefault'],
  evaluate(s) {
    return regionsWith(s, 'ebsEncryptionByDefault')
      .filter(([, on]) => on !== true)
      .map(([region]) => ({
        resourceId: `arn:aws:ec2:${region}:${s.account.accountId}:ebs-encryption-by-default`,
        resourceType: 'AWS::EC2::EBSEncryptionByDefault',
        region,
        message: `EBS encryption by default is off in ${region}.`,
      }));
  },
});
