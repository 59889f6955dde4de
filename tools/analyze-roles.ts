import { z } from 'zod';
import { analyseAll, evaluatorFor } from '../src/iam/analyze';
import { privilegeGraphFor, shortestPathToAdmin } from '../src/iam/privilege-graph';
import { evaluationNote } from '../src/iam/evaluate';
import { RISK_CATEGORIES, SEVERITY_ORDER, type Severity } from '../src/iam/risk-data';
import { selectAccounts } from './select';
import { loadSnapshots } from './analyze-role-common';
import { defineTool, type ToolResult } from './define-tool';

const input = z.object({
  principal_types: z
    .array(z.enum(['role', 'user', 'group']))
    .min(1)
    .max(3)
    .optional()
    .describe(
      'Which principals to rank: roles, users, groups (default ["role"]; give all three for "riskiest principals").',
    ),
  categories: z
    .array(z.enum(RISK_CATEGORIES))
    .max(RISK_CATEGORIES.length)
    .optional()
    .describe('Only principals with a finding in one of these risk categories, e.g. ["PrivilegeEscalation"].'),
  accounts: z
    .array(z.string().min(1).max(64))
    .max(50)
    .optional()
    .describe('Account names or ids; default every configured account.'),
  min_severity: z
    .enum(['critical', 'high', 'medium', 'low'])
    .optional()
    .describe('Only principals whose overall severity is at least this (default: all with any finding).'),
  top: z.number().int().min(1).max(100).optional().describe('How many to return, highest risk first (default 20).'),
  include_service_linked: z
    .boolean()
    .optional()
    .describe(
      'Include AWS service-linked roles (path /aws-service-role/, managed by AWS, not editable). Default false.',
    ),
});

export default defineTool({
  name: 'analyze_roles',
  title: 'Rank IAM principals by risk',
  description: `Rank IAM roles (optionally users and groups) across accounts by risk: "which roles are riskiest?", "who can escalate privileges?", "which roles are admin?".
Returns the top N, each with its shortest multi-hop path to administrator when one exists (default 20, max 100; about 15 KB at 20, 30 KB at 100 — longer lists carry fewer reasons per row) with score 0–100, severity, risk categories (FullAdmin, PrivilegeEscalation, CredentialsExposure, DataExfiltration, ResourceExposure, InfrastructureModification, ServiceWildcard), trust issues (wildcard principal, cross-account without ExternalId, OIDC without subject) and the top reasons; plus totals by severity and category. Filter by category, principal type, account, minimum severity.
Use analyze_role on one name for the full breakdown and recommendations. SCPs/RCPs are applied when the organization's policies were read (the answer says which); resource-based and session policies are not evaluated.
Cost: one IAM snapshot per account per conversation (cached); analysing thousands of principals takes seconds locally.`,
  input,
  async run(ctx, args): Promise<ToolResult> {
    const accounts = selectAccounts(ctx, args.accounts);
    const { loaded, sources, warnings, unread } = await loadSnapshots(ctx, accounts);
    const types = args.principal_types ?? ['role'];
    const minIdx = args.min_severity ? SEVERITY_ORDER.indexOf(args.min_severity) : SEVERITY_ORDER.length - 1;
    const top = args.top ?? 20;
    const rows: {
      account: string;
      a: ReturnType<typeof analyseAll>[number];
      path: ReturnType<typeof shortestPathToAdmin>;
    }[] = [];
    let serviceLinked = 0;
    let analysed = 0;
    const bySeverity: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, none: 0 };
    const byCategory: Record<string, number> = {};
    const trustIssues: Record<string, number> = {};
    for (const { account, snapshot } of loaded) {
      ctx.progress(`Analysing IAM principals of ${account.name}…`);
      const all = analyseAll(snapshot, ctx.now(), { types, categories: args.categories });
      const graph = types.some((t) => t !== 'group') ? privilegeGraphFor(snapshot, evaluatorFor(snapshot)) : null;
      for (const a of all) {
        if (a.type === 'role' && !args.include_service_linked && a.arn.includes(':role/aws-service-role/')) {
          serviceLinked += 1;
          continue;
        }
        analysed += 1;
        bySeverity[a.severity] = (bySeverity[a.severity] ?? 0) + 1;
        for (const f of a.findings) byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
        for (const t of a.trust?.issues ?? []) trustIssues[t.id] = (trustIssues[t.id] ?? 0) + 1;
        if (a.severity === 'none' || SEVERITY_ORDER.indexOf(a.severity as Severity) > minIdx) continue;
        rows.push({
          account: account.name,
          a,
          path: graph && a.type !== 'group' ? shortestPathToAdmin(graph, a.arn) : null,
        });
      }
    }
    rows.sort((x, y) => y.a.score - x.a.score || x.a.name.localeCompare(y.a.name));
    const shown = rows.slice(0, top);
    const reasonChars = top <= 20 ? 240 : 140;
    if (rows.length > top)
      warnings.push(
        `${rows.length - top} more principal(s) matched; raise top (max 100) or filter by category or severity to see them.`,
      );
    if (serviceLinked)
      warnings.push(
        `${serviceLinked} AWS service-linked role(s) were skipped (managed by AWS; pass include_service_linked to include them).`,
      );
    const ranked = shown.map(({ account, a, path }, i) => ({
      rank: i + 1,
      type: a.type,
      name: a.name,
      arn: top <= 20 ? a.arn : undefined,
      account,
      score: a.score,
      severity: a.severity,
      categories: a.findings.map((f) => (f.conditional ? `${f.category} (conditional)` : f.category)),
      trustIssues: (a.trust?.issues ?? []).map((t) => t.id),
      // Keep the result near 16 KB however large `top` is: fewer, shorter reasons per row for long lists
      // (the categories and trust issues stay; analyze_role gives the full story of one).
      reasons: a.reasons
        .slice(0, top <= 20 ? 2 : top <= 50 ? 1 : 0)
        .map((r) => (r.text.length > reasonChars ? `${r.text.slice(0, reasonChars - 1)}…` : r.text)),
      lastUsedDaysAgo: a.lastUsed?.daysAgo ?? null,
      // Shortest path to administrator through other principals (0 hops: already an administrator).
      pathToAdmin:
        path && path.hops > 0
          ? {
              hops: path.hops,
              possible: path.possible,
              via: path.steps
                .map((s) => `${s.kind} ${s.to} (${s.via})`)
                .join(' → ')
                .slice(0, top <= 20 ? 200 : 100),
            }
          : null,
    }));
    const what = types.length === 3 ? 'principals' : types.map((t) => `${t}s`).join(' and ');
    const lead = ranked
      .slice(0, 5)
      .map(
        (r) =>
          `${r.name} ${r.score} (${r.severity}: ${[...r.trustIssues, ...r.categories.filter((c) => !c.startsWith('Infrastructure'))].slice(0, 3).join(', ')})`,
      )
      .join('; ');
    const summary =
      ranked.length === 0
        ? `No ${what} matched among ${analysed} analysed in ${loaded.map((l) => l.account.name).join(', ')}.`
        : `${analysed} ${what} analysed in ${loaded.map((l) => l.account.name).join(', ')}: ${bySeverity.critical} critical, ${bySeverity.high} high, ${bySeverity.medium} medium. Riskiest: ${lead}. ${loaded.map((l) => evaluationNote(l.snapshot.organizations)).find((n) => n.includes('Not evaluated: Service')) ?? evaluationNote(loaded[0]?.snapshot.organizations)}`;
    return {
      summary,
      data: {
        ranked,
        totals: { analysed, bySeverity, byCategory, trustIssues },
        evaluation: Object.fromEntries(loaded.map((l) => [l.account.name, evaluationNote(l.snapshot.organizations)])),
      },
      sources,
      warnings,
      ...(unread.length ? { unread } : {}),
      next: ranked[0] ? [`Is ${ranked[0].name} over-privileged? (analyze_role)`] : undefined,
    };
  },
});
