import { defineRule } from '../rule';
import { regionsWith } from '../snapshot';

/** External-access analyzers (the unused-access kinds do not report resources shared outside). */
const EXTERNAL = new Set(['ACCOUNT', 'ORGANIZATION']);

export default defineRule({
  id: 'access-analyzer-disabled',
  title: 'IAM Access Analyzer has no active external-access analyzer in a region',
  severity: 'low',
  service: 'accessanalyzer',
  cis: '1.20',
  rationale:
    'Access Analyzer proves which buckets, keys, roles and queues are reachable from outside the account or organization; it is regional, so a region without an analyzer has no such proof.',
  remediation: 'aws accessanalyzer create-analyzer --region REGION --analyzer-name account-analyzer --type ACCOUNT',
  needs: ['region.accessAnalyzers'],
  evaluate(s) {
    return regionsWith(s, 'accessAnalyzers').flatMap(([region, analyzers]) =>
      analyzers.some((a) => a.status === 'ACTIVE' && EXTERNAL.has(a.type ?? ''))
        ? []
        : [
            {
              resourceId: `arn:aws:access-analyzer:${region}:${s.account.accountId}:analyzer`,
              resourceType: 'AWS::AccessAnalyzer::Analyzer',
              region,
              message: analyzers.length
                ? `IAM Access Analyzer in ${region} has no active external-access analyzer (${analyzers.map((a) => `${a.name} ${a.type} ${a.status}`).join(', ')}).`
                : `IAM Access Analyzer has no analyzer in ${region}.`,
              detail: { analyzers: analyzers.map((a) => ({ name: a.name, type: a.type, status: a.status })) },
            },
          ],
    );
  },
});
