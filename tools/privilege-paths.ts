import { z } from 'zod';
import { evaluatorFor, findPrincipal } from '../src/iam/analyze';
import { evaluationNote } from '../src/iam/evaluate';
import { organizationCoverage, organizationGaps } from '../src/iam/organizations';
import {
  EDGE_KINDS,
  type PrincipalPath,
  privilegeGraphFor,
  whatCanBecome,
  whoCanBecomeAdmin,
  whoCanReach,
} from '../src/iam/privilege-graph';
import { selectAccounts } from './select';
import { loadSnapshots } from './analyze-role-common';
import { defineTool, ToolError, type ToolResult } from './define-tool';

const MAX_PATHS = 50;

const input = z.object({
  question: z
    .enum(['who-can-become-admin', 'what-can-become', 'who-can-reach'])
    .describe(
      '"who-can-become-admin": every user/role that can reach administrator, shortest path first. "what-can-become": the users/roles `principal` can become (and whether that includes admin). "who-can-reach": who can become `principal`.',
    ),
  principal: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .describe('Name or ARN of the user or role (required for what-can-become and who-can-reach).'),
  accounts: z
    .array(z.string().min(1).max(64))
    .max(50)
    .optional()
    .describe('Account names or ids; default every configured account (or the account in the principal ARN).'),
  max_paths: z
    .number()
    .int()
    .min(1)
    .max(MAX_PATHS)
    .optional()
    .describe(`How many paths to return, shortest first (default 15, max ${MAX_PATHS}); the total is always counted.`),
  include_possible: z
    .boolean()
    .optional()
    .describe(
      'Include paths through existing resources (e.g. ssm:SendCommand to an instance whose profile is admin) that depend on resources the IAM snapshot cannot show. Default true; they are marked possible.',
    ),
});

const kindText: Record<string, string> = {
  assume: 'assumes',
  credentials: 'creates credentials for',
  'pass-role': 'passes to a service and runs code as',
  trust: 'rewrites the trust policy of',
  'existing-resource': 'runs code in an existing resource as',
  'becomes-admin': 'makes administrator:',
  policy: 'changes the policy of',
};

function pathText(p: PrincipalPath): string {
  return `${p.principal}: ${p.steps
    .map(
      (s) =>
        `${kindText[s.kind] ?? s.kind} ${s.kind === 'becomes-admin' ? s.to : s.to} (${s.methodName ?? s.via}${s.conditions.length ? `; if ${s.conditions.slice(0, 2).join(', ')}` : ''}${s.possible ? '; possible' : ''})`,
    )
    .join(' → ')}`;
}

export default defineTool({
  name: 'privilege_paths',
  description: `Multi-hop privilege escalation over an account's IAM (a PMapper-style graph): "who can become admin?", "how could ci-deployer escalate?", "what can role X become?", "who can reach AdminRole?".
Edges: assume (trust policy × the caller's sts:AssumeRole; ExternalId/MFA conditions noted), credentials (CreateAccessKey/CreateLoginProfile/UpdateLoginProfile on a user), policy (Put/Attach on a principal or its groups, CreatePolicyVersion, AddUserToGroup into an admin group), pass-role (iam:PassRole + a compute service's create/run actions — every pathfinding.cloud PassRole method — to a role that trusts it), trust (UpdateAssumeRolePolicy), existing-resource (UpdateFunctionCode, ssm:SendCommand… — marked possible, as the resource inventory is not read).
Returns each path as steps with the method and permissions that enable each step, shortest first, capped at max_paths (default 15, max ${MAX_PATHS}) with the total counted; plus graph totals. Applies explicit Deny, permission boundaries and SCPs/RCPs when read; says which were applied. Single account: cross-account trust is reported by analyze_role, not followed.
Cost: one IAM snapshot per account per conversation (cached); the graph is built locally (about a few seconds for 3,000 principals).`,
  input,
  async run(ctx, args): Promise<ToolResult> {
    if (args.question !== 'who-can-become-admin' && !args.principal)
      throw new ToolError(`question "${args.question}" needs principal (a user or role name or ARN).`);
    const arnAccount = args.principal ? /^arn:[\w-]+:iam::(\d{12}):/.exec(args.principal)?.[1] : undefined;
    let accounts = selectAccounts(ctx, args.accounts);
    if (arnAccount && !args.accounts) accounts = accounts.filter((a) => a.accountId === arnAccount);
    if (accounts.length === 0)
      throw new ToolError(`${args.principal} belongs to account ${arnAccount}, which is not configured.`);
    const { loaded, sources, warnings, unread } = await loadSnapshots(ctx, accounts);
    const limit = args.max_paths ?? 15;
    const keepPossible = args.include_possible ?? true;
    const results: Record<string, unknown>[] = [];
    const lines: string[] = [];
    let found = false;
    for (const { account, snapshot } of loaded) {
      ctx.progress(`Building the privilege graph of ${account.name}…`);
      const g = privilegeGraphFor(snapshot, evaluatorFor(snapshot));
      const note = evaluationNote(snapshot.organizations);
      const base = { account: account.name, graph: g.stats, evaluation: note };
      if (args.question === 'who-can-become-admin') {
        const all = whoCanBecomeAdmin(g, keepPossible ? limit : g.stats.principals);
        const paths = (keepPossible ? all.paths : all.paths.filter((p) => !p.possible)).slice(0, limit);
        const total = keepPossible ? all.total : all.paths.filter((p) => !p.possible).length;
        results.push({ ...base, total, shown: paths.length, paths });
        lines.push(
          `${account.name}: ${g.stats.admins} administrator(s); ${total} other principal(s) can become administrator${
            total ? `, shortest first: ${paths.slice(0, 3).map(pathText).join('; ')}` : ''
          }.`,
        );
        found = true;
        continue;
      }
      const f = findPrincipal(snapshot, args.principal!);
      if (!f.target || f.target.kind === 'group') {
        if (f.candidates.length) warnings.push(`${account.name}: did you mean ${f.candidates.slice(0, 5).join(', ')}?`);
        continue;
      }
      found = true;
      const arn = f.target.kind === 'user' ? f.target.user.arn : f.target.role.arn;
      const name = f.target.kind === 'user' ? f.target.user.name : f.target.role.name;
      if (args.question === 'what-can-become') {
        const r = whatCanBecome(g, arn, limit);
        const admin = r.reachable.find((x) => x.admin);
        const self = g.nodes[g.index.get(arn)!]!.admin;
        results.push({
          ...base,
          principal: name,
          administrator: self ?? null,
          total: r.total,
          shown: r.reachable.length,
          reachable: r.reachable,
        });
        lines.push(
          `${account.name}: ${name} ${self ? `is already effectively an administrator (${self}); ` : ''}can become ${r.total} other principal(s)${admin ? `, including administrator ${admin.principal} via ${admin.steps.map((s) => `${kindText[s.kind] ?? s.kind} ${s.to} (${s.methodName ?? s.via})`).join(' → ')}` : r.total ? ', none of them an administrator' : ''}.`,
        );
      } else {
        const r = whoCanReach(g, arn, limit);
        const paths = keepPossible ? r.paths : r.paths.filter((p) => !p.possible);
        results.push({ ...base, principal: name, total: r.total, shown: paths.length, paths });
        lines.push(
          `${account.name}: ${r.total} principal(s) can become ${name}${paths.length ? `: ${paths.slice(0, 3).map(pathText).join('; ')}` : ''}.`,
        );
      }
    }
    if (!found)
      throw new ToolError(
        `No user or role named "${args.principal}" in ${loaded.map((l) => l.account.name).join(', ')}.`,
      );
    const shownTotal = results.reduce((n, r) => n + Number(r.shown ?? 0), 0);
    const total = results.reduce((n, r) => n + Number(r.total ?? 0), 0);
    if (total > shownTotal)
      warnings.push(
        `${total - shownTotal} more path(s) not shown; raise max_paths (max ${MAX_PATHS}) or ask about one principal.`,
      );
    const noScps = loaded.filter((l) => !organizationCoverage(l.snapshot.organizations).scps);
    if (noScps.length)
      warnings.push(
        `SCPs were not applied for ${noScps.map((l) => l.account.name).join(', ')}: a path they would block may be shown (${organizationGaps(noScps[0]!.snapshot.organizations).scps}).`,
      );
    return {
      summary: `${lines.join(' ')} ${evaluationNote(loaded[0]!.snapshot.organizations)}`,
      data: { question: args.question, edgeKinds: EDGE_KINDS, results },
      sources,
      warnings,
      ...(unread.length ? { unread } : {}),
      next: [
        args.question === 'who-can-become-admin'
          ? 'Is the first principal over-privileged? (analyze_role)'
          : `What can ${args.principal} do? (analyze_role)`,
      ],
    };
  },
});
