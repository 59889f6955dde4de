import { bpaGaps } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 's3-account-block-public-access-off',
  title: 'S3 Block Public Access is not fully on for the account',
  severity: 'high',
  service: 's3',
  cis: '2.1.4',
  rationale:
    'The account-level Block Public Access settings override every bucket policy and ACL: with all four on, no bucket of the account can be made public by mistake, whoever creates it.',
  remediation:
    'Turn on all four settings for the account (check first that no bucket must stay public, e.g. a static website):\n' +
    'aws s3control put-public-access-block --account-id ACCOUNT_ID --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
  needs: ['global.s3AccountPublicAccessBlock'],
  evaluate(s) {
    const c = s.global.s3AccountPublicAccessBlock;
    const off = bpaGaps(c);
    if (!off.length) return [];
    return [
      {
        resourceId: `arn:aws:s3::${s.account.accountId}:account-public-access-block`,
        resourceType: 'AWS::S3::AccountPublicAccessBlock',
        message: c
          ? `Account ${s.account.accountId}: S3 Block Public Access has ${off.join(', ')} off.`
          : `Account ${s.account.accountId} has no S3 Block Public Access configuration (all four settings off).`,
        detail: { off },
      },
    ];
  },
});
