import { withUnchecked } from '../helpers/s3';
import { itemsOf } from '../helpers/workloads';
import { defineRule } from '../rule';

export default defineRule({
  id: 'sns-topic-unencrypted',
  title: 'SNS topic without server-side encryption',
  severity: 'low',
  service: 'sns',
  rationale:
    'Without a KMS key (KmsMasterKeyId) messages are stored unencrypted at rest while SNS delivers them; encryption with a key you control also lets a key policy decide who may publish.',
  remediation:
    'Turn on server-side encryption with the AWS managed key or a customer-managed key:\n' +
    'aws sns set-topic-attributes --region REGION --topic-arn TOPIC_ARN --attribute-name KmsMasterKeyId --attribute-value alias/aws/sns',
  needs: ['region.snsTopics'],
  evaluate(s) {
    const unchecked: string[] = [];
    const findings = itemsOf(s, 'snsTopics').flatMap(({ region, item: t }) => {
      if (!t.read) {
        unchecked.push(`${region} ${t.TopicArn} (sns:GetTopicAttributes failed)`);
        return [];
      }
      if (t.KmsMasterKeyId) return [];
      return [
        {
          resourceId: t.TopicArn,
          resourceType: 'AWS::SNS::Topic',
          region,
          message: `SNS topic ${t.TopicArn.split(':').pop()} in ${region} is not encrypted at rest.`,
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
