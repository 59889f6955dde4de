import { rootArn, rootRow } from '../helpers/iam';
import { defineRule } from '../rule';
import { daysSince } from '../snapshot';

export const ROOT_RECENT_DAYS = 30;

export default defineRule({
  id: 'iam-root-used-recently',
  title: 'Root user used recently',
  severity: 'high',
  service: 'iam',
  cis: '1.7',
  rationale: `Root should be used only for the few tasks that require it. A root sign-in or key use in the last ${ROOT_RECENT_DAYS} days is either an unnecessary habit or a compromise; confirm which.`,
  remediation:
    'Check who used root and why (CloudTrail: userIdentity.type = Root), e.g. with trailhound ask "what did root do this week?"; move daily work to federated roles:\n' +
    'aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50',
  needs: ['iam.credentialReport'],
  evaluate(s) {
    const row = rootRow(s);
    if (!row) return [];
    const uses = [
      { what: 'password sign-in', at: row.passwordLastUsed },
      ...row.accessKeys.map((k, i) => ({ what: `access key ${i + 1}`, at: k.lastUsedDate })),
    ].filter((u) => {
      const d = daysSince(s, u.at);
      return d !== null && d <= ROOT_RECENT_DAYS;
    });
    if (!uses.length) return [];
    const last = uses
      .map((u) => u.at!)
      .sort()
      .pop()!;
    return [
      {
        resourceId: rootArn(s),
        resourceType: 'AWS::IAM::Root',
        message: `Root was used ${daysSince(s, last)} day(s) ago (${uses.map((u) => `${u.what} ${u.at}`).join('; ')}).`,
        detail: { lastUsed: last },
      },
    ];
  },
});
