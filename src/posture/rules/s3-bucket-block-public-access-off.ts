import { BPA_FLAGS, bucketArn, bucketsWith, effectiveFlag, withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 's3-bucket-block-public-access-off',
  title: 'S3 bucket not covered by Block Public Access',
  severity: 'medium',
  service: 's3',
  cis: '2.1.4',
  rationale:
    'A bucket whose effective Block Public Access (the account’s and the bucket’s settings combined) is not fully on can be made public by one policy or ACL change.',
  remediation:
    'Turn on Block Public Access for the bucket (or for the whole account, see s3-account-block-public-access-off):\n' +
    'aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
  needs: ['global.buckets'],
  evaluate(s) {
    const { read, unchecked } = bucketsWith(s, ['PublicAccessBlock']);
    const acctUnread = s.global.s3AccountPublicAccessBlock === undefined;
    const findings = read.flatMap((b) => {
      const flags = BPA_FLAGS.map((f) => [f, effectiveFlag(s, b, f)] as const);
      const off = flags.filter(([, v]) => v === false).map(([f]) => f);
      const unknown = flags.filter(([, v]) => v === 'unknown').map(([f]) => f);
      if (!off.length && !unknown.length) return [];
      if (!off.length) {
        unchecked.push(`${b.Name} (account Block Public Access could not be read)`);
        return [];
      }
      return [
        {
          resourceId: bucketArn(b.Name),
          resourceType: 'AWS::S3::Bucket',
          region: b.Region,
          message: `Bucket ${b.Name}: Block Public Access has ${off.join(', ')} off at both the account and the bucket level${acctUnread ? ' (account level not read)' : ''}.`,
          detail: { off },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
