import { list, statements } from '../helpers/iam';
import { defineRule } from '../rule';
import type { RuleFinding } from '../rule';

const SERVICES = ['iam', 'sts', 'kms', 'cloudtrail', 'organizations'];

export default defineRule({
  id: 'iam-policy-critical-service-wildcard',
  title: 'Customer policy grants full access to a security-critical service',
  severity: 'medium',
  service: 'iam',
  rationale:
    'iam:*, sts:*, kms:*, cloudtrail:* or organizations:* on "*" lets the holder grant themselves anything, read any encrypted data or turn off the audit trail. Such grants belong in a few break-glass roles.',
  remediation:
    'Narrow the actions to what is used (Access Analyzer policy generation helps), then publish a new default version:\naws iam create-policy-version --policy-arn POLICY_ARN --policy-document file://narrowed.json --set-as-default',
  needs: ['iam.authorizationDetails'],
  evaluate(s) {
    const out: RuleFinding[] = [];
    for (const p of s.iam!.policies) {
      if (p.awsManaged || p.attachmentCount === 0) continue;
      const hits = new Set<string>();
      for (const st of statements(p.document)) {
        if (st.Effect !== 'Allow' || !list(st.Resource).includes('*')) continue;
        for (const a of list(st.Action)) {
          const [svc, act] = a.toLowerCase().split(':');
          if (act === '*' && SERVICES.includes(svc!)) hits.add(`${svc}:*`);
        }
      }
      if (hits.size)
        out.push({
          resourceId: p.arn,
          resourceType: 'AWS::IAM::ManagedPolicy',
          message: `${p.name} grants ${[...hits].join(', ')} on "*" (attached ${p.attachmentCount}×).`,
          detail: { actions: [...hits] },
        });
    }
    return out;
  },
});
