/**
 * Principal analysis (pure): effective permissions → risk findings, trust issues, last use, a
 * 0–100 risk score with its reasons, and concrete recommendations. Score: the floor of the most
 * severe reason (critical 85, high 60, medium 30, low 10) plus a small bonus per further reason,
 * capped at 100 — so one critical issue always ranks above any number of medium ones.
 */
import type { ActionCatalog } from './action-catalog';
import {
  type AppliedControls,
  Evaluator,
  evaluationNote,
  type PrincipalRef,
  type PrincipalType,
  type ServiceAccess,
  serviceAccess,
} from './evaluate';
import { type RiskCategory, type Severity, SEVERITY_BONUS, SEVERITY_FLOOR, SEVERITY_ORDER } from './risk-data';
import { type RiskFinding, riskFindings } from './risk';
import type { IamGroup, IamRole, IamSnapshot, IamUser } from './snapshot';
import { analyseTrust, type TrustAnalysis } from './trust';

export const UNUSED_DAYS = 90;

export interface Reason {
  severity: Severity;
  text: string;
  category?: RiskCategory;
}

export interface PrincipalAnalysis {
  type: PrincipalType;
  name: string;
  arn: string;
  accountId: string;
  createDate: string | null;
  lastUsed: { date: string | null; daysAgo: number | null; region?: string | null; detail?: string } | null;
  attachedPolicies: { name: string; arn: string; awsManaged: boolean }[];
  inlinePolicies: string[];
  groups?: string[];
  members?: string[];
  permissionsBoundary: string | null;
  trust?: TrustAnalysis;
  findings: RiskFinding[];
  allowedActions: number;
  unconstrainedActions: number;
  /** Policy statements that could not be read: their permissions are unknown. */
  unknownStatements: string[];
  /** With { detail: true }: the services it can act on, largest first (top 20). */
  services?: { services: ServiceAccess[]; totalServices: number };
  score: number;
  severity: Severity | 'none';
  reasons: Reason[];
  recommendations: string[];
  notes: string[];
  /** Which of SCPs / RCPs / boundaries were applied to this principal. */
  applied: AppliedControls;
  /** One sentence: what was applied and what was not evaluated (said in every answer). */
  evaluation: string;
}

const evaluators = new WeakMap<IamSnapshot, Evaluator>();

/** The snapshot's evaluator (managed policies compiled once per snapshot). */
export function evaluatorFor(snapshot: IamSnapshot, cat?: ActionCatalog): Evaluator {
  let e = evaluators.get(snapshot);
  if (!e) evaluators.set(snapshot, (e = new Evaluator(snapshot, cat)));
  return e;
}

function daysBetween(iso: string | null, now: Date): number | null {
  if (!iso) return null;
  return Math.floor((now.getTime() - new Date(iso).getTime()) / 86_400_000);
}

function latest(...xs: (string | null | undefined)[]): string | null {
  const v = xs.filter((x): x is string => !!x).sort();
  return v.length ? v[v.length - 1]! : null;
}

export type PrincipalTarget =
  | { kind: 'user'; user: IamUser }
  | { kind: 'role'; role: IamRole }
  | { kind: 'group'; group: IamGroup };

export function analysePrincipal(
  snapshot: IamSnapshot,
  target: PrincipalTarget,
  now: Date,
  cat?: ActionCatalog,
  o: { detail?: boolean } = {},
): PrincipalAnalysis {
  const ev = evaluatorFor(snapshot, cat);
  const eff = ev.evaluate(target);
  const findings = riskFindings(ev.cat, eff);
  const ref: PrincipalRef = eff.principal;
  const entity = target.kind === 'user' ? target.user : target.kind === 'role' ? target.role : target.group;
  const attached = entity.attachedPolicies.map((p) => ({
    name: p.name,
    arn: p.arn,
    awsManaged: /^arn:[\w-]+:iam::aws:policy\//.test(p.arn),
  }));
  const out: PrincipalAnalysis = {
    type: ref.type,
    name: ref.name,
    arn: ref.arn,
    accountId: snapshot.accountId,
    createDate: entity.createDate,
    lastUsed: null,
    attachedPolicies: attached,
    inlinePolicies: entity.inlinePolicies.map((p) => p.name),
    permissionsBoundary:
      target.kind === 'group'
        ? null
        : target.kind === 'user'
          ? target.user.permissionsBoundaryArn
          : target.role.permissionsBoundaryArn,
    findings,
    allowedActions: eff.allowed.count(),
    unknownStatements: eff.unknown,
    unconstrainedActions: eff.unconstrained.count(),
    services: o.detail ? serviceAccess(ev.cat, eff) : undefined,
    score: 0,
    severity: 'none',
    reasons: [],
    recommendations: [],
    notes: [...eff.notes],
    applied: eff.applied,
    evaluation:
      eff.applied.scps === 'not-applicable'
        ? `${evaluationNote(snapshot.organizations)} SCPs do not apply to this principal (service-linked role or management account).`
        : evaluationNote(snapshot.organizations),
  };

  if (target.kind === 'role') {
    const r = target.role;
    out.trust = analyseTrust(r.trustPolicy, snapshot.accountId, snapshot.oidcProviders);
    out.lastUsed = { date: r.lastUsed.date, region: r.lastUsed.region, daysAgo: daysBetween(r.lastUsed.date, now) };
  } else if (target.kind === 'user') {
    out.groups = target.user.groups;
    const row = snapshot.credentialReport?.rows.find((x) => x.arn === target.user.arn || x.user === target.user.name);
    if (row) {
      const d = latest(row.passwordLastUsed, row.accessKeys[0].lastUsedDate, row.accessKeys[1].lastUsedDate);
      out.lastUsed = {
        date: d,
        daysAgo: daysBetween(d, now),
        detail: `console password ${row.passwordEnabled ? 'enabled' : 'disabled'}, MFA ${row.mfaActive ? 'on' : 'off'}, ${row.accessKeys.filter((k) => k.active).length} active access key(s)`,
      };
    }
  } else {
    out.members = snapshot.users.filter((u) => u.groups.includes(target.group.name)).map((u) => u.name);
  }

  score(out, target);
  return out;
}

function score(a: PrincipalAnalysis, target: PrincipalTarget): void {
  const reasons: Reason[] = [];
  const recs: string[] = [];
  const admin = a.findings.find((f) => f.category === 'FullAdmin');
  const sso = target.kind === 'role' && /^AWSReservedSSO_/.test(a.name);
  const ssoNote = sso ? ' (this role is managed by IAM Identity Center: change its permission set, not the role)' : '';

  for (const f of a.findings) {
    const cond = f.conditional ? ` — only under conditions: ${f.conditions.join(', ') || 'see policy'}` : '';
    const via = f.grantedBy.length ? ` (from ${f.grantedBy.slice(0, 3).join(', ')})` : '';
    switch (f.category) {
      case 'FullAdmin':
        reasons.push({
          severity: f.severity,
          category: f.category,
          text: `Full administrator: "*" on "*"${via}${cond}.`,
        });
        if (f.grantedBy.some((g) => /^AdministratorAccess\b/.test(g)))
          recs.push(
            `Replace AdministratorAccess with a policy limited to the services ${a.name} actually uses${ssoNote}: generate one from its CloudTrail activity with IAM Access Analyzer (\`aws accessanalyzer start-policy-generation\`), or start from ReadOnlyAccess plus the specific write actions it needs.`,
          );
        else
          recs.push(
            `Replace the "*" on "*" statement in ${f.grantedBy.join(', ')} with the specific actions and resources ${a.name} needs${ssoNote}.`,
          );
        break;
      case 'PrivilegeEscalation': {
        const m = f.methods ?? [];
        reasons.push({
          severity: f.severity,
          category: f.category,
          text: `Privilege escalation: ${m.length} method${m.length === 1 ? '' : 's'} (${m
            .slice(0, 4)
            .map((x) => `${x.id}: ${x.actions.join(' + ')}`)
            .join('; ')}${m.length > 4 ? '; …' : ''})${via}${cond}.`,
        });
        if (!admin) {
          const pass = m.some((x) => x.actions.includes('iam:PassRole'));
          recs.push(
            `Remove or scope the escalation actions (${[...new Set(m.flatMap((x) => x.actions))].slice(0, 6).join(', ')}) to specific resources${pass ? '; limit iam:PassRole to the exact role ARNs it must pass, with an iam:PassedToService condition' : ''}; a permissions boundary that denies IAM writes contains what remains.`,
          );
        }
        break;
      }
      case 'CredentialsExposure':
        reasons.push({
          severity: f.severity,
          category: f.category,
          text: `Credentials exposure on "*": ${f.actions.slice(0, 5).join(', ')}${f.actionCount > 5 ? ` (+${f.actionCount - 5})` : ''}${via}${cond}.`,
        });
        if (!admin)
          recs.push(
            `Scope ${f.actions.slice(0, 4).join(', ')} to the specific resources needed${f.actions.includes('iam:CreateAccessKey') ? ` (e.g. iam:CreateAccessKey only on arn:aws:iam::${a.accountId}:user/\${aws:username})` : ''}.`,
          );
        break;
      case 'DataExfiltration':
        reasons.push({
          severity: f.severity,
          category: f.category,
          text: `Data exfiltration on "*": ${f.actions.slice(0, 5).join(', ')}${f.actionCount > 5 ? ` (+${f.actionCount - 5})` : ''}${via}${cond}.`,
        });
        if (!admin)
          recs.push(
            `Limit ${f.actions.slice(0, 4).join(', ')} to the specific buckets, secrets, parameters or tables ${a.name} needs instead of "*".`,
          );
        break;
      case 'ResourceExposure':
        reasons.push({
          severity: f.severity,
          category: f.category,
          text: `Resource exposure: can change ${f.actionCount} resource policies/ACLs on "*" (${f.actions.slice(0, 4).join(', ')}…)${via}${cond}.`,
        });
        if (!admin)
          recs.push(
            `Remove resource-policy and ACL writes (${f.actions.slice(0, 3).join(', ')}…) on "*"; allow them only on specific resources, ideally only from infrastructure-as-code.`,
          );
        break;
      case 'InfrastructureModification':
        reasons.push({
          severity: f.severity,
          category: f.category,
          text: `Infrastructure modification: ${f.actionCount} write actions on "*"${via}${cond}.`,
        });
        if (!admin && f.actionCount > 50)
          recs.push('Scope write actions to specific resources or to tagged resources (aws:ResourceTag conditions).');
        break;
      case 'ServiceWildcard':
        reasons.push({
          severity: f.severity,
          category: f.category,
          text: `Service wildcards: ${(f.services ?? [])
            .slice(0, 6)
            .map((s) => `${s}:*`)
            .join(', ')}${via}${cond}.`,
        });
        if (!admin)
          recs.push(
            `Replace ${(f.services ?? [])
              .slice(0, 4)
              .map((s) => `${s}:*`)
              .join(', ')} with the specific actions used.`,
          );
        break;
    }
  }
  if (a.unknownStatements.length) {
    // Unknown is not safe: a statement that could not be read may grant anything.
    reasons.push({
      severity: 'medium',
      text: `Unknown permissions: ${a.unknownStatements.length} policy statement(s) could not be read and were skipped (${a.unknownStatements.slice(0, 2).join('; ')}${a.unknownStatements.length > 2 ? '; …' : ''}).`,
    });
    recs.push(
      'Fix the unreadable policy statements (aws iam get-policy-version / get-role-policy shows them) so they can be analysed.',
    );
  }
  for (const t of a.trust?.issues ?? []) {
    reasons.push({ severity: t.severity, text: `Trust: ${t.message}` });
    recs.push(t.recommendation);
  }
  const risky = a.findings.some((f) => f.severity === 'critical' || f.severity === 'high');
  if (a.lastUsed && risky && target.kind !== 'group') {
    const d = a.lastUsed.daysAgo;
    if (d === null || d >= UNUSED_DAYS) {
      reasons.push({
        severity: 'low',
        text:
          d === null
            ? 'Never used (or not in the last 400 days) yet holds high-risk permissions.'
            : `Unused for ${d} days yet holds high-risk permissions.`,
      });
      recs.push(
        target.kind === 'role'
          ? `${a.name} has not been used ${d === null ? 'in the tracking period' : `for ${d} days`}: delete it (\`aws iam delete-role --role-name ${a.name}\` after detaching its policies) or remove its high-risk policies.`
          : `${a.name} has not been used ${d === null ? 'in the tracking period' : `for ${d} days`}: disable its credentials and remove its policies.`,
      );
    }
  }
  if (target.kind === 'role' && a.trust?.computeServices.length && risky)
    reasons.push({
      severity: 'low',
      text: `Assumable by compute (${a.trust.computeServices.join(', ')}): code running there holds these permissions.`,
    });

  reasons.sort((x, y) => SEVERITY_ORDER.indexOf(x.severity) - SEVERITY_ORDER.indexOf(y.severity));
  const top = reasons[0];
  a.reasons = reasons;
  a.recommendations = [...new Set(recs)];
  a.severity = top ? top.severity : 'none';
  a.score = top
    ? Math.min(100, SEVERITY_FLOOR[top.severity] + reasons.slice(1).reduce((s, r) => s + SEVERITY_BONUS[r.severity], 0))
    : 0;
}

export interface FindPrincipalResult {
  target?: PrincipalTarget;
  candidates: string[];
}

/** Finds a role, user or group by name or ARN (case-insensitive name match as a fallback). */
export function findPrincipal(snapshot: IamSnapshot, nameOrArn: string, type?: PrincipalType): FindPrincipalResult {
  const q = nameOrArn.trim();
  const all: PrincipalTarget[] = [
    ...(!type || type === 'role' ? snapshot.roles.map((role) => ({ kind: 'role' as const, role })) : []),
    ...(!type || type === 'user' ? snapshot.users.map((user) => ({ kind: 'user' as const, user })) : []),
    ...(!type || type === 'group' ? snapshot.groups.map((group) => ({ kind: 'group' as const, group })) : []),
  ];
  const ent = (t: PrincipalTarget) => (t.kind === 'role' ? t.role : t.kind === 'user' ? t.user : t.group);
  const exact = all.filter((t) => ent(t).arn === q || ent(t).name === q);
  if (exact.length >= 1) return { target: exact[0], candidates: exact.slice(1).map((t) => `${t.kind} ${ent(t).name}`) };
  const ci = all.filter((t) => ent(t).name.toLowerCase() === q.toLowerCase());
  if (ci.length) return { target: ci[0], candidates: ci.slice(1).map((t) => `${t.kind} ${ent(t).name}`) };
  const partial = all.filter((t) => ent(t).name.toLowerCase().includes(q.toLowerCase())).slice(0, 10);
  return { candidates: partial.map((t) => `${t.kind} ${ent(t).name}`) };
}

export interface RankOptions {
  types?: PrincipalType[];
  categories?: RiskCategory[];
}

/** Every principal of the snapshot analysed and ranked by score (highest first). */
export function analyseAll(
  snapshot: IamSnapshot,
  now: Date,
  o: RankOptions = {},
  cat?: ActionCatalog,
): PrincipalAnalysis[] {
  const types = new Set(o.types?.length ? o.types : ['role', 'user', 'group']);
  const out: PrincipalAnalysis[] = [];
  if (types.has('role'))
    for (const role of snapshot.roles) out.push(analysePrincipal(snapshot, { kind: 'role', role }, now, cat));
  if (types.has('user'))
    for (const user of snapshot.users) out.push(analysePrincipal(snapshot, { kind: 'user', user }, now, cat));
  if (types.has('group'))
    for (const group of snapshot.groups) out.push(analysePrincipal(snapshot, { kind: 'group', group }, now, cat));
  const filtered = o.categories?.length
    ? out.filter((a) => a.findings.some((f) => o.categories!.includes(f.category)))
    : out;
  return filtered.sort((x, y) => y.score - x.score || x.name.localeCompare(y.name));
}
