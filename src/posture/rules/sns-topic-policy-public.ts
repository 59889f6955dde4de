import { resourcePolicyAccess } from '../helpers/resource-policy';
import { withUnchecked } from '../helpers/s3';
import { itemsOf } from '../helpers/workloads';
import { defineRule } from '../rule';

export default defineRule({
  id: 'sns-topic-policy-public',
  title: 'SNS topic policy is open to any principal',
  severity: 'high',
  service: 'sns',
  rationale:
    'A topic policy statement for Principal "*" without a condition pinning the caller (the default policy pins AWS:SourceOwner to your account; aws:SourceArn, aws:PrincipalOrgID… also narrow it) lets any AWS account publish to the topic — spoofed alerts, phishing to its e-mail subscribers — or subscribe and receive every message.',
  remediation:
    'Narrow the statement with a condition (aws:SourceArn / aws:SourceAccount for a service, aws:PrincipalOrgID for your organization) or name the principals:\n' +
    'aws sns get-topic-attributes --region REGION --topic-arn TOPIC_ARN --query Attributes.Policy --output text > policy.json  # edit, then\n' +
    'aws sns set-topic-attributes --region REGION --topic-arn TOPIC_ARN --attribute-name Policy --attribute-value file://policy.json',
  needs: ['region.snsTopics'],
  evaluate(s) {
    const unchecked: string[] = [];
    const findings = itemsOf(s, 'snsTopics').flatMap(({ region, item: t }) => {
      if (!t.read) {
        unchecked.push(`${region} ${t.TopicArn} (sns:GetTopicAttributes failed)`);
        return [];
      }
      const grants = resourcePolicyAccess(t.Policy, s.account.accountId).public;
      if (!grants.length) return [];
      const actions = [...new Set(grants.flatMap((g) => g.actions))];
      return [
        {
          resourceId: t.TopicArn,
          resourceType: 'AWS::SNS::Topic',
          region,
          message: `SNS topic ${t.TopicArn.split(':').pop()} in ${region}: its policy allows any principal ${actions.slice(0, 4).join(', ')}.`,
          detail: { actions, statements: grants.map((g) => g.sid ?? '(no Sid)') },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
