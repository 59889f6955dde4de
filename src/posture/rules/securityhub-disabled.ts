import { defineRule } from '../rule';
import { regionsWith, regionsMissing } from '../snapshot';

export default defineRule({
  id: 'securityhub-disabled',
  title: 'Security Hub is not enabled in a region',
  severity: 'low',
  service: 'securityhub',
  cis: '4.16',
  rationale:
    'Security Hub gathers GuardDuty, Inspector, Macie and Access Analyzer findings and runs the CIS and AWS Foundational controls continuously. Trailhound reports whether it is on; it does not import or repeat its findings.',
  remediation: 'aws securityhub enable-security-hub --region REGION --enable-default-standards',
  needs: ['region.securityHub'],
  evaluate(s) {
    // regionsWith drops null (= not subscribed): those are the regions to report.
    const on = new Set(regionsWith(s, 'securityHub').map(([r]) => r));
    const unread = new Set(regionsMissing(s, 'securityHub'));
    return s.account.regions
      .filter((r) => !on.has(r) && !unread.has(r))
      .map((region) => ({
        resourceId: `arn:aws:securityhub:${region}:${s.account.accountId}:hub/default`,
        resourceType: 'AWS::SecurityHub::Hub',
        region,
        message: `Security Hub is not enabled in ${region} (the account is not subscribed there).`,
      }));
  },
});
