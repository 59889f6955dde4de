import { resourcePolicyAccess } from '../helpers/resource-policy';
import { withUnchecked } from '../helpers/s3';
import { queueArn } from '../helpers/sqs';
import { itemsOf } from '../helpers/workloads';
import { defineRule } from '../rule';

export default defineRule({
  id: 'sqs-queue-policy-public',
  title: 'SQS queue policy is open to any principal',
  severity: 'high',
  service: 'sqs',
  rationale:
    'A queue policy statement for Principal "*" without a condition pinning the caller (aws:SourceArn for the SNS topic or S3 bucket that feeds it, aws:SourceAccount, aws:PrincipalOrgID…) lets any AWS account send messages into your pipeline, or read and delete them.',
  remediation:
    'Narrow the statement with aws:SourceArn / aws:SourceAccount / aws:PrincipalOrgID, or name the principals:\n' +
    'aws sqs get-queue-attributes --region REGION --queue-url QUEUE_URL --attribute-names Policy --query Attributes.Policy --output text > policy.json  # edit, then\n' +
    'aws sqs set-queue-attributes --region REGION --queue-url QUEUE_URL --attributes file://attributes.json  # {"Policy": "<the edited policy as a string>"}',
  needs: ['region.sqsQueues'],
  evaluate(s) {
    const unchecked: string[] = [];
    const findings = itemsOf(s, 'sqsQueues').flatMap(({ region, item: q }) => {
      if (!q.read) {
        unchecked.push(`${region} ${q.QueueUrl} (sqs:GetQueueAttributes failed)`);
        return [];
      }
      const grants = resourcePolicyAccess(q.Policy, s.account.accountId).public;
      if (!grants.length) return [];
      const actions = [...new Set(grants.flatMap((g) => g.actions))];
      return [
        {
          resourceId: queueArn(s, region, q),
          resourceType: 'AWS::SQS::Queue',
          region,
          message: `SQS queue ${q.QueueUrl.split('/').pop()} in ${region}: its policy allows any principal ${actions.slice(0, 4).join(', ')}.`,
          detail: { actions, statements: grants.map((g) => g.sid ?? '(no Sid)') },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
