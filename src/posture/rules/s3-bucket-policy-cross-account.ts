import { resourcePolicyAccess } from '../helpers/resource-policy';
import { bucketArn, bucketsWith, withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 's3-bucket-policy-cross-account',
  title: 'S3 bucket policy grants access to another account',
  severity: 'medium',
  service: 's3',
  rationale:
    'A grant to another AWS account, not pinned to your organization (aws:PrincipalOrgID), is a standing path for that account’s principals to your data; each one should be known and reviewed.',
  remediation:
    'Remove the statement, or pin it to your organization with a condition "StringEquals": {"aws:PrincipalOrgID": "o-XXXX"}:\n' +
    'aws s3api get-bucket-policy --bucket BUCKET --query Policy --output text > policy.json  # edit, then\n' +
    'aws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json',
  needs: ['global.buckets'],
  evaluate(s) {
    const { read, unchecked } = bucketsWith(s, ['Policy']);
    const findings = read.flatMap((b) => {
      const grants = resourcePolicyAccess(b.Policy, s.account.accountId).crossAccount;
      if (!grants.length) return [];
      const accounts = [...new Set(grants.map((g) => g.accountId!))];
      return [
        {
          resourceId: bucketArn(b.Name),
          resourceType: 'AWS::S3::Bucket',
          region: b.Region,
          message: `Bucket ${b.Name}: its policy grants access to account(s) ${accounts.join(', ')}.`,
          detail: { accounts, principals: grants.map((g) => g.principal) },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
