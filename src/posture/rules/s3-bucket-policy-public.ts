import { bucketArn, bucketExposure, bucketsWith, withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 's3-bucket-policy-public',
  title: 'S3 bucket policy grants public access',
  severity: 'critical',
  service: 's3',
  rationale:
    'A bucket policy that allows `*` without a condition pinning the caller (VPC endpoint, organization, source IP range, account) lets anyone on the internet use the granted actions — the classic data leak. Block Public Access (RestrictPublicBuckets) neutralises it; this rule only fires when it does not.',
  remediation:
    'Remove or narrow the public statement (add a condition such as aws:SourceVpce or aws:PrincipalOrgID), or turn on Block Public Access:\n' +
    'aws s3api get-bucket-policy --bucket BUCKET --query Policy --output text > policy.json  # edit, then\n' +
    'aws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json\n' +
    'aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
  needs: ['global.buckets'],
  evaluate(s) {
    const { read, unchecked } = bucketsWith(s, ['Policy']);
    const findings = read.flatMap((b) => {
      const e = bucketExposure(s, b);
      if (!e.policy.length) return [];
      const actions = [...new Set(e.policy.flatMap((g) => g.actions))];
      return [
        {
          resourceId: bucketArn(b.Name),
          resourceType: 'AWS::S3::Bucket',
          region: b.Region,
          message: `Bucket ${b.Name}: its policy allows anyone (${actions.slice(0, 4).join(', ')}${actions.length > 4 ? ', …' : ''})${e.bpaUnknown ? '; Block Public Access could not be fully read, it may neutralise this' : ''}.`,
          detail: { statements: e.policy.map((g) => g.sid ?? '(no Sid)'), actions },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
