import { withUnchecked } from '../helpers/s3';
import { queueArn } from '../helpers/sqs';
import { itemsOf } from '../helpers/workloads';
import { defineRule } from '../rule';

export default defineRule({
  id: 'sqs-queue-unencrypted',
  title: 'SQS queue without server-side encryption',
  severity: 'medium',
  service: 'sqs',
  rationale:
    'A queue with neither SQS-managed encryption (SqsManagedSseEnabled) nor a KMS key (KmsMasterKeyId) stores its messages unencrypted at rest; queues often carry order, payment or personal data.',
  remediation:
    'Turn on SQS-managed server-side encryption (or set KmsMasterKeyId for a key you control):\n' +
    'aws sqs set-queue-attributes --region REGION --queue-url QUEUE_URL --attributes SqsManagedSseEnabled=true',
  needs: ['region.sqsQueues'],
  evaluate(s) {
    const unchecked: string[] = [];
    const findings = itemsOf(s, 'sqsQueues').flatMap(({ region, item: q }) => {
      if (!q.read) {
        unchecked.push(`${region} ${q.QueueUrl} (sqs:GetQueueAttributes failed)`);
        return [];
      }
      if (q.KmsMasterKeyId || q.SqsManagedSseEnabled) return [];
      return [
        {
          resourceId: queueArn(s, region, q),
          resourceType: 'AWS::SQS::Queue',
          region,
          message: `SQS queue ${q.QueueUrl.split('/').pop()} in ${region} is not encrypted at rest.`,
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
