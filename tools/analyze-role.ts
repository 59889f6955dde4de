import { z } from 'zod';
import { analysePrincipal, evaluatorFor, findPrincipal, type PrincipalAnalysis } from '../src/iam/analyze';
import { type PrincipalPath, privilegeGraphFor, shortestPathToAdmin } from '../src/iam/privilege-graph';
import { selectAccounts } from './select';
import { loadSnapshots } from './analyze-role-common';
import { defineTool, ToolError, type ToolResult } from './define-tool';

const input = z.object({
  name: z
    .string()
    .min(1)
    .max(2048)
    .describe(
      'The IAM role (or user or group) to analyse: its name (e.g. "AdminRole") or full ARN (e.g. arn:aws:iam::123456789012:role/AdminRole).',
    ),
  principal_type: z
    .enum(['role', 'user', 'group'])
    .optional()
    .describe('Restrict the lookup to roles, users or groups when a name is shared; default: any, roles first.'),
  account: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe(
      'Account name or 12-digit id to look in; default: the account in the ARN, else every configured account.',
    ),
});

function pathSentence(p: PrincipalPath | null): string {
  if (!p) return '';
  return ` Shortest path to administrator (${p.hops} step${p.hops === 1 ? '' : 's'}${p.possible ? ', possible' : ''}): ${p.steps
    .map((s) => `${s.kind} ${s.to} (${s.methodName ?? s.via})`)
    .join(' → ')}.`;
}

function summaryOf(a: PrincipalAnalysis, account: string, path: PrincipalPath | null = null): string {
  const head = `${a.type} ${a.name} (${account}): risk ${a.score}/100${a.severity === 'none' ? ', no high-risk permission found' : ` (${a.severity})`}.`;
  const reasons = a.reasons
    .slice(0, 3)
    .map((r) => r.text)
    .join(' ');
  const used =
    a.lastUsed === null
      ? ''
      : a.lastUsed.date
        ? ` Last used ${a.lastUsed.daysAgo} day(s) ago${a.lastUsed.region ? ` in ${a.lastUsed.region}` : ''}.`
        : ' No recorded use.';
  const rec = a.recommendations[0] ? ` First fix: ${a.recommendations[0]}` : '';
  const svc = a.services?.services.length
    ? ` It can call ${a.allowedActions.toLocaleString('en-US')} actions across ${a.services.totalServices} service(s)${a.services.totalServices > 5 ? ', most in' : ':'} ${a.services.services
        .slice(0, 5)
        .map((s) => `${s.service} (${s.actions}${s.conditional ? `, ${s.conditional} conditional` : ''})`)
        .join(', ')}.`
    : a.allowedActions === 0
      ? a.unknownStatements.length
        ? ' Its readable statements grant nothing, but some statements could not be read: its permissions are unknown, not absent.'
        : ' It has no effective permissions.'
      : '';
  const boundary = a.permissionsBoundary
    ? ` Permissions boundary ${a.permissionsBoundary.split('/').pop()} applied.`
    : '';
  return `${head} ${reasons}${pathSentence(path)}${svc}${boundary}${used}${rec} ${a.evaluation}`;
}

export default defineTool({
  name: 'analyze_role',
  title: 'Analyze one IAM role or user',
  description: `Analyse one IAM role — or user or group — for over-privilege: "what permissions does AdminRole have?", "is X over-privileged?", "who can assume Y?".
Returns: the shortest multi-hop path to administrator through other principals, if any (see privilege_paths); who can assume it (trust policy: "*" principals, cross-account trust without sts:ExternalId/MFA, service principals, SAML, OIDC federation without a subject condition such as GitHub Actions), attached and inline policies and permissions boundary, what it can do per service (top 20 services: actions allowed, on all resources, write, permissions-management, conditional), effective high-risk permissions by category (FullAdmin, PrivilegeEscalation, CredentialsExposure, DataExfiltration, ResourceExposure, InfrastructureModification, ServiceWildcard) with the actions that triggered each and whether they hold only under conditions, last use, a 0–100 risk score with its reasons, and concrete recommendations.
Effective permissions combine inline + managed policies (+ group policies for users), apply permission boundaries, explicit Deny and — when the organization's policies were read (live from the management/delegated-admin account, or evidence organizations/) — SCPs and RCPs, and expand wildcards against the full AWS action catalog; the answer says which were applied. Not evaluated: resource-based and session policies.
Cost: one IAM snapshot per account per conversation (≈ GetAccountAuthorizationDetails pages + 6 calls, cached); the analysis itself is local.`,
  input,
  async run(ctx, args): Promise<ToolResult> {
    const arnAccount = /^arn:[\w-]+:iam::(\d{12}):(role|user|group)\//.exec(args.name);
    const type = args.principal_type ?? (arnAccount?.[2] as 'role' | 'user' | 'group' | undefined);
    let accounts = selectAccounts(ctx, args.account ? [args.account] : undefined);
    if (arnAccount && !args.account) {
      const match = accounts.filter((a) => a.accountId === arnAccount[1]);
      if (match.length === 0)
        throw new ToolError(
          `${args.name} belongs to account ${arnAccount[1]}, which is not configured (configured: ${accounts.map((a) => `${a.name} (${a.accountId})`).join(', ')}).`,
        );
      accounts = match;
    }
    const { loaded, sources, warnings, unread } = await loadSnapshots(ctx, accounts);
    const candidates: string[] = [];
    for (const { account, snapshot } of loaded) {
      const found = findPrincipal(snapshot, args.name, type);
      if (!found.target) {
        candidates.push(...found.candidates.map((c) => `${c} (${account.name})`));
        continue;
      }
      if (found.candidates.length)
        warnings.push(
          `Other principals share this name in ${account.name}: ${found.candidates.join(', ')}; pass principal_type to pick one.`,
        );
      const a = analysePrincipal(snapshot, found.target, ctx.now(), undefined, { detail: true });
      // Multi-hop: the shortest path to administrator through other principals (privilege graph).
      const path =
        found.target.kind === 'group'
          ? null
          : shortestPathToAdmin(privilegeGraphFor(snapshot, evaluatorFor(snapshot)), a.arn);
      for (const n of a.notes) warnings.push(n);
      if (a.type === 'user' && snapshot.warnings.some((w) => w.part === 'credentialReport' && w.missing))
        warnings.push("The credential report could not be read: the user's last use, MFA and keys are unknown.");
      return {
        summary: summaryOf(a, account.name, path && path.hops > 0 ? path : null),
        data: {
          principal: {
            type: a.type,
            name: a.name,
            arn: a.arn,
            account: account.name,
            accountId: a.accountId,
            createDate: a.createDate,
            lastUsed: a.lastUsed,
            permissionsBoundary: a.permissionsBoundary,
            groups: a.groups,
            members: a.members?.slice(0, 50),
          },
          score: a.score,
          severity: a.severity,
          pathToAdmin: path ? { ...path, steps: path.steps.slice(0, 8) } : null,
          unknownStatements: a.unknownStatements.slice(0, 20),
          reasons: a.reasons,
          recommendations: a.recommendations.slice(0, 10),
          trust: a.trust && {
            principals: a.trust.principals
              .slice(0, 20)
              .map((p) => ({ kind: p.kind, value: p.value, crossAccount: p.crossAccount, conditions: p.conditions })),
            issues: a.trust.issues,
            computeServices: a.trust.computeServices,
          },
          policies: { attached: a.attachedPolicies.slice(0, 50), inline: a.inlinePolicies.slice(0, 50) },
          findings: a.findings.map((f) => ({
            ...f,
            methods: f.methods?.slice(0, 12),
            services: f.services?.slice(0, 30),
          })),
          permissions: {
            allowedActions: a.allowedActions,
            onAllResources: a.unconstrainedActions,
            services: a.services?.services,
            totalServices: a.services?.totalServices,
          },
          evaluation: { applied: a.applied, note: a.evaluation },
        },
        sources,
        warnings,
        next: [
          a.type === 'role'
            ? `What did ${a.name} do in the last 7 days? (cloudtrail_search)`
            : `What did ${a.name} do this week? (cloudtrail_search)`,
          'Which roles are riskiest? (analyze_roles)',
          `How could ${a.name} escalate? (privilege_paths)`,
        ],
      };
    }
    // Not found where IAM could be read: where it could not, the principal may well exist.
    const notRead = unread.length
      ? ` IAM could not be read in ${unread.map((u) => u.account).join(', ')}, so it may be there (see the reasons: ${unread.map((u) => u.reason).join(' ')}).`
      : '';
    throw new ToolError(
      `No ${type ?? 'role, user or group'} named "${args.name}" in ${loaded.map((l) => l.account.name).join(', ')}.${notRead}${candidates.length ? ` Did you mean: ${candidates.slice(0, 10).join(', ')}?` : ' Use analyze_roles to list principals by risk.'}`,
    );
  },
});
