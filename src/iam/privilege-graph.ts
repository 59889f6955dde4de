/**
 * The privilege graph (pure): who can become whom in one account, PMapper-style, over the IAM
 * snapshot. Nodes are users and roles (service-linked roles excluded), plus one "hub" per trust
 * target shared by many roles (roles trusting the account, roles a service can run as) so a
 * principal allowed an action on "*" gets one edge to the hub instead of one per role.
 *
 * Edge kinds (each carries the permission that enables it, and its conditions):
 *  - assume       sts:AssumeRole: the role's trust policy admits the caller (its ARN, or the account
 *                 with the caller's identity policy allowing sts:AssumeRole on the role); ExternalId /
 *                 MFA / other trust conditions are noted on the edge.
 *  - credentials  iam:CreateAccessKey / CreateLoginProfile / UpdateLoginProfile on that user.
 *  - policy       iam:Put/Attach{User,Role}Policy on that principal, Put/AttachGroupPolicy on one of
 *                 its groups, CreatePolicyVersion / SetDefaultPolicyVersion on a customer managed
 *                 policy it holds, AddUserToGroup into an admin group: "can make it an administrator".
 *  - pass-role    iam:PassRole on the role + a service's create/run actions (every new-passrole method
 *                 of src/iam/escalation-methods.ts) when the role trusts that service.
 *  - trust        iam:UpdateAssumeRolePolicy on the role.
 *  - existing-resource  a method that borrows the role of an existing resource (lambda:UpdateFunctionCode,
 *                 ssm:SendCommand…): marked "possible", as the resource inventory is not read.
 *
 * Administrators: principals whose effective permissions are full admin ("*" on "*" surviving every
 * Deny, boundary and SCP), and principals that can make themselves admin (a policy edge to
 * themselves, or to a principal they can become in one step). Shortest paths to admin come from one
 * reverse breadth-first search (O(nodes + edges)); every answer is bounded by its caller.
 */
import type { ActionCatalog } from './action-catalog';
import type { CompiledStatement, EffectivePermissions, Evaluator } from './evaluate';
import { type EscalationMethod, PRIVILEGE_ESCALATION_METHODS } from './escalation-methods';
import { asList, type PolicyStatement } from './policy-document';
import type { IamRole, IamSnapshot, IamUser } from './snapshot';

export type EdgeKind = 'assume' | 'credentials' | 'policy' | 'pass-role' | 'trust' | 'existing-resource' | 'runs-as';

export const EDGE_KINDS: { kind: EdgeKind; meaning: string }[] = [
  { kind: 'assume', meaning: 'can assume the role (trust policy × the caller’s sts:AssumeRole)' },
  { kind: 'credentials', meaning: 'can create credentials for the user (access key, console password)' },
  { kind: 'policy', meaning: 'can change the policy of the principal or its groups (make it an administrator)' },
  { kind: 'pass-role', meaning: 'can pass the role to a compute service and run its own code as it' },
  { kind: 'trust', meaning: 'can change the trust policy of the role (then assume it)' },
  {
    kind: 'existing-resource',
    meaning: 'can run code in an existing resource of a service (possible: the resource inventory is not read)',
  },
];

export interface GraphNode {
  kind: 'user' | 'role' | 'hub';
  name: string;
  arn: string;
  /** Why it counts as an administrator (full admin, or can make itself one). */
  admin?: string;
}

export interface GraphEdge {
  from: number;
  to: number;
  kind: EdgeKind;
  /** Method id (escalation-methods.ts) or the action that enables the step. */
  via: string;
  /** The permissions that enable the step. */
  permissions: string[];
  /** Conditions on the step (trust-policy conditions, conditional grants). */
  conditions: string[];
  /** True when the step depends on something the snapshot cannot show (an existing resource). */
  possible?: boolean;
  /** Policy edges to another principal: the steps from the changer to it (then it is become). */
  route?: GraphEdge[];
}

export interface PrivilegeGraph {
  nodes: GraphNode[];
  out: GraphEdge[][];
  /** Self-escalation edges (policy edges that make an administrator) by node. */
  selfAdmin: Map<number, GraphEdge>;
  index: Map<string, number>;
  /** Shortest distance to an administrator (Infinity: none) and the next step on that path. */
  distToAdmin: Float64Array;
  nextToAdmin: (GraphEdge | null)[];
  stats: { principals: number; edges: number; admins: number; canBecomeAdmin: number };
}

const ASSUME_ACTIONS = /^(sts:assumerole|sts:\*|\*)$/i;

function globRe(p: string, cache: Map<string, RegExp>): RegExp {
  let re = cache.get(p);
  if (!re) {
    re = new RegExp(
      `^${p
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    cache.set(p, re);
  }
  return re;
}

type Verdict = 'yes' | 'conditional' | 'no' | 'denied';

/** Could this resource pattern match an IAM ARN (arn:aws:iam::…)? */
function couldMatchIam(p: string): boolean {
  const m = /^arn:[^:]*:([^:]*):/.exec(p);
  if (!m) return p.startsWith('*') || p.startsWith('arn:*') || p.includes('${');
  return m[1] === 'iam' || /[*?]/.test(m[1]!);
}

/** Per-principal, per-action resource checks (statements filtered once, patterns compiled once). */
class Access {
  private readonly byAction = new Map<
    number,
    { allow: CompiledStatement[]; deny: CompiledStatement[]; bound: CompiledStatement[] | null; any: Verdict | null }
  >();
  constructor(
    readonly eff: EffectivePermissions,
    private readonly cat: ActionCatalog,
    private readonly re: Map<string, RegExp>,
    private readonly username: string | null,
    private readonly scans: WeakMap<string[], Map<string, number[]>>,
  ) {}

  /** Pool indexes a wildcard pattern matches, computed once per pattern and pool (shared across principals). */
  private scan(pat: string, pool: string[]): number[] {
    let byPat = this.scans.get(pool);
    if (!byPat) this.scans.set(pool, (byPat = new Map()));
    let hit = byPat.get(pat);
    if (!hit) {
      const re = globRe(pat, this.re);
      hit = [];
      for (let k = 0; k < pool.length; k++) if (re.test(pool[k]!)) hit.push(k);
      byPat.set(pat, hit);
    }
    return hit;
  }

  private matches(st: CompiledStatement, arn: string): boolean {
    let hit = false;
    for (const r of st.resources) {
      if (r === '*') {
        hit = true;
        break;
      }
      const p = this.username && r.includes('${') ? r.replace(/\$\{aws:username\}/gi, this.username) : r;
      if (p.includes('${')) continue;
      if (/[*?]/.test(p) ? globRe(p, this.re).test(arn) : p === arn) {
        hit = true;
        break;
      }
    }
    return st.notResource ? !hit : hit;
  }

  private parts(i: number) {
    let p = this.byAction.get(i);
    if (!p) {
      const allow: CompiledStatement[] = [];
      const deny: CompiledStatement[] = [];
      // Every resource checked here is an IAM ARN (user, role, group, policy): statements whose
      // resources are all of other services can never match and are left out.
      const rel = (st: CompiledStatement) => st.notResource || st.resources.some(couldMatchIam);
      for (const st of this.eff.statements)
        if (st.actions.has(i) && rel(st)) (st.effect === 'Allow' ? allow : deny).push(st);
      for (const st of this.eff.organization ?? [])
        if (st.effect === 'Deny' && st.actions.has(i) && rel(st)) deny.push(st);
      const bound = this.eff.boundary ? this.eff.boundary.filter((st) => st.actions.has(i) && rel(st)) : null;
      // Fast path: granted unconditionally on "*" and nothing narrows it.
      const any: Verdict | null =
        this.eff.unconstrained.has(i) && !this.eff.conditional.has(i) && deny.length === 0 && !bound ? 'yes' : null;
      p = { allow, deny, bound, any };
      this.byAction.set(i, p);
    }
    return p;
  }

  /** Is `action` allowed on `arn`? */
  on(action: string, arn: string): Verdict {
    const i = this.cat.index.get(action.toLowerCase());
    if (i === undefined) return 'no';
    const p = this.parts(i);
    if (!this.eff.allowed.has(i)) return p.deny.some((st) => !st.condition && this.matches(st, arn)) ? 'denied' : 'no';
    if (p.any) return p.any;
    let v: Verdict = 'no';
    for (const st of p.allow)
      if (this.matches(st, arn)) {
        v = st.condition ? 'conditional' : 'yes';
        if (v === 'yes') break;
      }
    if (v === 'no') return v;
    for (const st of p.deny)
      if (this.matches(st, arn)) {
        if (!st.condition) return 'denied';
        v = 'conditional';
      }
    if (p.bound) {
      const b = p.bound.filter((st) => st.effect === 'Allow' && this.matches(st, arn));
      if (!b.length) return 'no';
      if (b.every((st) => st.condition)) v = 'conditional';
      for (const st of p.bound) if (st.effect === 'Deny' && this.matches(st, arn) && !st.condition) return 'denied';
    }
    return v;
  }

  /**
   * Allowed on every resource with no resource-specific Deny or boundary narrowing it: 'yes', or
   * 'conditional' when the grant holds only under a condition; null otherwise (check per resource).
   */
  everywhere(action: string): 'yes' | 'conditional' | null {
    const i = this.cat.index.get(action.toLowerCase());
    if (i === undefined || !this.eff.unconstrained.has(i)) return null;
    const p = this.parts(i);
    if (p.any) return 'yes';
    let v: 'yes' | 'conditional' = this.eff.conditional.has(i) ? 'conditional' : 'yes';
    // A Deny on every resource narrows only under its condition; a resource-specific one needs per-resource checks.
    for (const st of p.deny) {
      if (st.notResource || !st.resources.includes('*')) return null;
      v = 'conditional';
    }
    if (p.bound) {
      if (p.bound.some((st) => st.effect === 'Deny')) return null;
      const wide = p.bound.filter((st) => st.effect === 'Allow' && !st.notResource && st.resources.includes('*'));
      if (!wide.length) return null;
      if (wide.every((st) => st.condition)) v = 'conditional';
    }
    return v;
  }

  /**
   * Indexes (into `pool`) of the resources some Allow statement of `action` names: exact ARNs are
   * looked up, wildcards scanned — so a grant on three users costs three lookups, not a scan.
   * Callers still ask `on()` for each (Deny, boundary).
   */
  grants(action: string, pool: string[], byArn: Map<string, number>): Map<number, Verdict> {
    const out = new Map<number, Verdict>();
    const i = this.cat.index.get(action.toLowerCase());
    if (i === undefined || !this.eff.allowed.has(i)) return out;
    const p = this.parts(i);
    const mark = (k: number, v: Verdict) => {
      if (out.get(k) !== 'yes') out.set(k, v);
    };
    for (const st of p.allow) {
      const v: Verdict = st.condition ? 'conditional' : 'yes';
      const all = st.notResource || st.resources.includes('*');
      const ks: Iterable<number> = all
        ? pool.keys()
        : st.resources.flatMap((r) => {
            const pat = this.username && r.includes('${') ? r.replace(/\$\{aws:username\}/gi, this.username) : r;
            if (pat.includes('${')) return [];
            if (!/[*?]/.test(pat)) {
              const k = byArn.get(pat);
              return k === undefined ? [] : [k];
            }
            return this.scan(pat, pool);
          });
      for (const k of ks) mark(k, v);
    }
    // Denies and boundaries (after non-IAM ones are left out) are rare: check those per resource.
    if (p.deny.length || p.bound)
      for (const k of [...out.keys()]) {
        const v = this.on(action, pool[k]!);
        if (v === 'yes' || v === 'conditional') out.set(k, v);
        else out.delete(k);
      }
    return out;
  }

  /** The condition keys that make a grant of `action` conditional (Allow conditions, conditional Denies). */
  conditionKeys(action: string): string[] {
    const i = this.cat.index.get(action.toLowerCase());
    if (i === undefined) return ['conditional grant'];
    const p = this.parts(i);
    const keys = new Set<string>();
    for (const st of [...p.allow, ...p.deny, ...(p.bound ?? [])])
      for (const [op, kv] of Object.entries(st.condition ?? {}))
        for (const k of Object.keys(kv ?? {})) keys.add(`${st.effect === 'Deny' ? 'Deny ' : ''}${k} (${op})`);
    return keys.size ? [...keys].slice(0, 4) : ['conditional grant (a Deny narrows it)'];
  }

  /** Allowed on every resource (unconstrained), unconditionally or not. */
  onAll(action: string): Verdict {
    const i = this.cat.index.get(action.toLowerCase());
    if (i === undefined || !this.eff.unconstrained.has(i)) return 'no';
    return this.eff.conditional.has(i) ? 'conditional' : 'yes';
  }
}

interface TrustEntry {
  /** Principal ARNs named in the trust policy (same account). */
  arns: Set<string>;
  /** The trust admits the whole account (root / account id) or "*". */
  account: boolean;
  services: Set<string>;
  conditions: string[];
}

function trustOf(role: IamRole, accountId: string): TrustEntry {
  const t: TrustEntry = { arns: new Set(), account: false, services: new Set(), conditions: [] };
  for (const st of role.trustPolicy.Statement as PolicyStatement[]) {
    if (st.Effect !== 'Allow' || st.NotPrincipal !== undefined) continue;
    const actions = asList(st.Action);
    const cond = Object.entries(st.Condition ?? {}).flatMap(([op, kv]) =>
      Object.keys(kv ?? {}).map((k) => `${k} (${op})`),
    );
    const p = st.Principal;
    if (p === undefined) continue;
    const entries: [string, string][] =
      p === '*'
        ? [['AWS', '*']]
        : Object.entries(p).flatMap(([k, v]) => asList(v).map((x) => [k, x] as [string, string]));
    for (const [k, v] of entries) {
      if (k === 'Service') {
        t.services.add(v.toLowerCase());
        continue;
      }
      if (k !== 'AWS' || !actions.some((a) => ASSUME_ACTIONS.test(a))) continue;
      if (
        v === '*' ||
        v === accountId ||
        v === `arn:aws:iam::${accountId}:root` ||
        /^arn:aws[\w-]*:iam::(\d{12}):root$/.exec(v)?.[1] === accountId
      )
        t.account = true;
      else t.arns.add(v);
      for (const c of cond) if (!t.conditions.includes(c)) t.conditions.push(c);
    }
  }
  return t;
}

export interface GraphOptions {
  /** Evaluates principals (shared with the analysis: one compile per snapshot). */
  evaluator: Evaluator;
}

function isFullAdmin(cat: ActionCatalog, eff: EffectivePermissions): boolean {
  const U = eff.unconstrained;
  if (U.count() < cat.size * 0.98) return false;
  const iam = cat.services.get('iam');
  if (!iam) return true;
  for (let i = iam[0]; i < iam[1]; i++) if (!U.has(i) || eff.conditional.has(i)) return false;
  return true;
}

const CREDENTIAL_ACTIONS: [string, string, string][] = [
  ['iam:CreateAccessKey', 'iam-002', 'access-key'],
  ['iam:CreateLoginProfile', 'iam-004', 'create-login'],
  ['iam:UpdateLoginProfile', 'iam-006', 'update-login'],
];

/** How far a principal's policy change is followed to a principal it can then become. */
const MAX_POLICY_HOPS = 6;

const NEW_PASSROLE = PRIVILEGE_ESCALATION_METHODS.filter((m) => m.kind === 'new-passrole' && m.passTo);
const EXISTING = PRIVILEGE_ESCALATION_METHODS.filter((m) => m.kind === 'existing-resource' && m.usesRoleOf);

/** Builds the graph of one snapshot. */
export function buildPrivilegeGraph(snapshot: IamSnapshot, o: GraphOptions): PrivilegeGraph {
  const ev = o.evaluator;
  const cat = ev.cat;
  const re = new Map<string, RegExp>();
  const scans = new WeakMap<string[], Map<string, number[]>>();
  const nodes: GraphNode[] = [];
  const index = new Map<string, number>();
  const access: Access[] = [];
  const users = snapshot.users;
  const roles = snapshot.roles.filter((r) => !r.path.startsWith('/aws-service-role/'));
  const groupsByName = new Map(snapshot.groups.map((g) => [g.name, g]));
  const policyArns = new Set(snapshot.policies.filter((p) => !p.awsManaged).map((p) => p.arn));

  for (const u of users) {
    index.set(u.arn, nodes.length);
    nodes.push({ kind: 'user', name: u.name, arn: u.arn });
    access.push(new Access(ev.evaluate({ kind: 'user', user: u }), cat, re, u.name, scans));
  }
  for (const r of roles) {
    index.set(r.arn, nodes.length);
    nodes.push({ kind: 'role', name: r.name, arn: r.arn });
    access.push(new Access(ev.evaluate({ kind: 'role', role: r }), cat, re, null, scans));
  }
  const principals = nodes.length;
  const out: GraphEdge[][] = nodes.map(() => []);
  const hub = (key: string, name: string): number => {
    let i = index.get(key);
    if (i === undefined) {
      i = nodes.length;
      index.set(key, i);
      nodes.push({ kind: 'hub', name, arn: key });
      out.push([]);
    }
    return i;
  };
  const add = (e: GraphEdge) => out[e.from]!.push(e);

  // Roles by trust: explicit principal ARNs, the account, and services.
  const trusts = roles.map((r) => trustOf(r, snapshot.accountId));
  const byTrustedArn = new Map<string, number[]>();
  const accountTrusting: number[] = [];
  const serviceRoles = new Map<string, number[]>();
  roles.forEach((r, k) => {
    const ri = index.get(r.arn)!;
    const t = trusts[k]!;
    for (const a of t.arns) {
      let l = byTrustedArn.get(a);
      if (!l) byTrustedArn.set(a, (l = []));
      l.push(k);
    }
    if (t.account) accountTrusting.push(k);
    for (const s of t.services) {
      // An instance profile is what EC2 needs to run as the role.
      if (s === 'ec2.amazonaws.com' && r.instanceProfiles.length === 0) continue;
      let l = serviceRoles.get(s);
      if (!l) serviceRoles.set(s, (l = []));
      l.push(ri);
    }
  });
  const accountHub = accountTrusting.length ? hub('hub:account-trust', 'any role that trusts the account') : -1;
  for (const k of accountTrusting) {
    const r = roles[k]!;
    add({
      from: accountHub,
      to: index.get(r.arn)!,
      kind: 'runs-as',
      via: 'trust policy',
      permissions: [],
      conditions: trusts[k]!.conditions,
    });
  }
  const serviceHub = (svc: string): number => {
    const key = `hub:service:${svc}`;
    const had = index.has(key);
    const h = hub(key, `any role ${svc} can run as`);
    if (!had)
      for (const ri of serviceRoles.get(svc) ?? [])
        add({ from: h, to: ri, kind: 'runs-as', via: `trusts ${svc}`, permissions: [], conditions: [] });
    return h;
  };

  const passwordOf = new Map((snapshot.credentialReport?.rows ?? []).map((r) => [r.arn, r.passwordEnabled]));
  const credentialTarget = (action: string, u: IamUser): boolean => {
    const pw = passwordOf.get(u.arn);
    if (action === 'iam:CreateLoginProfile') return pw !== true;
    if (action === 'iam:UpdateLoginProfile') return pw !== false;
    return true;
  };
  const userHub = (key: string, action: string, id: string): number => {
    const k = `hub:users:${key}`;
    const had = index.has(k);
    const h = hub(k, `any user (${action})`);
    if (!had)
      users.forEach((u, ui) => {
        if (credentialTarget(action, u))
          add({ from: h, to: ui, kind: 'runs-as', via: id, permissions: [], conditions: [] });
      });
    return h;
  };
  let rolesHubIdx = -1;
  const rolesHub = (): number => {
    if (rolesHubIdx < 0) {
      rolesHubIdx = hub('hub:roles:trust', 'any role (trust policy rewritten)');
      for (const r of roles)
        add({
          from: rolesHubIdx,
          to: index.get(r.arn)!,
          kind: 'runs-as',
          via: 'iam-012',
          permissions: [],
          conditions: [],
        });
    }
    return rolesHubIdx;
  };
  const roleIdx = roles.map((r) => index.get(r.arn)!);
  const userArns = users.map((u) => u.arn);
  const userByArn = new Map(userArns.map((a, k) => [a, k]));
  const roleArns = roles.map((r) => r.arn);
  const roleByArn = new Map(roleArns.map((a, k) => [a, k]));
  const accountTrustingArns = accountTrusting.map((k) => roles[k]!.arn);
  const accountTrustingByArn = new Map(accountTrustingArns.map((a, k) => [a, k]));
  const svcPools = new Map<string, { arns: string[]; byArn: Map<string, number> }>();
  const svcPool = (svc: string) => {
    let x = svcPools.get(svc);
    if (!x) {
      const arns = (serviceRoles.get(svc) ?? []).map((ri) => nodes[ri]!.arn);
      svcPools.set(svc, (x = { arns, byArn: new Map(arns.map((a, k) => [a, k])) }));
    }
    return x;
  };
  const serviceArns = (svc: string) => svcPool(svc).arns;
  const serviceByArn = (svc: string) => svcPool(svc).byArn;
  const userGroups = users.map((u) => u.groups);
  const selfAdmin = new Map<number, GraphEdge>();
  const admin = new Array<boolean>(nodes.length).fill(false);
  for (let p = 0; p < principals; p++) if (isFullAdmin(cat, access[p]!.eff)) admin[p] = true;
  // Groups that make their members administrators.
  const adminGroups = new Set(
    snapshot.groups.filter((g) => isFullAdmin(cat, ev.evaluate({ kind: 'group', group: g }))).map((g) => g.name),
  );

  // policy: can A make principal t an administrator? Put/Attach on t (or, for a user, on one of its
  // groups), a new default version of a customer managed policy t holds, or — for a user — adding it
  // to a group that makes its members administrators.
  const policyTargets = (A: Access, t: number): { via: string; perm: string; v: Verdict; action: string } | null => {
    const node = nodes[t]!;
    const pairs: [string, string, string][] =
      node.kind === 'user'
        ? [
            ['iam:PutUserPolicy', node.arn, 'iam-007'],
            ['iam:AttachUserPolicy', node.arn, 'iam-008'],
          ]
        : [
            ['iam:PutRolePolicy', node.arn, 'iam-005'],
            ['iam:AttachRolePolicy', node.arn, 'iam-009'],
          ];
    if (node.kind === 'user')
      for (const g of userGroups[t] ?? []) {
        const garn = groupsByName.get(g)?.arn;
        if (garn) pairs.push(['iam:PutGroupPolicy', garn, 'iam-011'], ['iam:AttachGroupPolicy', garn, 'iam-010']);
      }
    const ent: IamUser | IamRole | undefined = node.kind === 'user' ? users[t] : roles[t - users.length];
    for (const ap of ent?.attachedPolicies ?? [])
      if (policyArns.has(ap.arn))
        pairs.push(
          ['iam:CreatePolicyVersion', ap.arn, 'iam-001'],
          ['iam:SetDefaultPolicyVersion', ap.arn, 'SetExistingDefaultPolicyVersion'],
        );
    if (node.kind === 'user')
      for (const g of adminGroups) pairs.push(['iam:AddUserToGroup', groupsByName.get(g)!.arn, 'iam-013']);
    for (const [action, arn, via] of pairs) {
      const v = A.on(action, arn);
      if (v === 'yes' || v === 'conditional') return { via, perm: `${action} on ${arn}`, v, action };
    }
    return null;
  };

  for (let p = 0; p < principals; p++) {
    if (admin[p]) continue;
    const A = access[p]!;
    const me = nodes[p]!;
    const cond = (v: Verdict, action: string) => (v === 'conditional' ? A.conditionKeys(action) : []);

    // assume: explicit ARN in a trust policy (no identity grant needed), or account trust + identity grant.
    for (const k of byTrustedArn.get(me.arn) ?? []) {
      const v = A.on('sts:AssumeRole', roles[k]!.arn);
      if (v === 'denied') continue;
      add({
        from: p,
        to: roleIdx[k]!,
        kind: 'assume',
        via: 'sts:AssumeRole',
        permissions: ['sts:AssumeRole (named in the trust policy)'],
        conditions: [...trusts[k]!.conditions, ...cond(v, 'sts:AssumeRole')],
      });
    }
    const assumeAll = accountHub >= 0 ? A.everywhere('sts:AssumeRole') : null;
    if (assumeAll)
      add({
        from: p,
        to: accountHub,
        kind: 'assume',
        via: 'sts:AssumeRole',
        permissions: ['sts:AssumeRole on *'],
        conditions: cond(assumeAll, 'sts:AssumeRole'),
      });
    else if (A.eff.allowed.has(cat.index.get('sts:assumerole')!))
      for (const [ri, v] of A.grants('sts:AssumeRole', accountTrustingArns, accountTrustingByArn)) {
        const k = accountTrusting[ri]!;
        add({
          from: p,
          to: roleIdx[k]!,
          kind: 'assume',
          via: 'sts:AssumeRole',
          permissions: [`sts:AssumeRole on ${roles[k]!.arn}`],
          conditions: [...trusts[k]!.conditions, ...cond(v, 'sts:AssumeRole')],
        });
      }

    // credentials for users: one hub edge per action allowed on every user, else per user.
    for (const [action, id, hubKey] of CREDENTIAL_ACTIONS) {
      if (!A.eff.allowed.has(cat.index.get(action.toLowerCase())!)) continue;
      const all = A.everywhere(action);
      if (all) {
        add({
          from: p,
          to: userHub(hubKey, action, id),
          kind: 'credentials',
          via: id,
          permissions: [`${action} on *`],
          conditions: cond(all, action),
        });
        continue;
      }
      for (const [ui, v] of A.grants(action, userArns, userByArn)) {
        const u = users[ui]!;
        if (ui === p || !credentialTarget(action, u)) continue;
        add({
          from: p,
          to: ui,
          kind: 'credentials',
          via: id,
          permissions: [`${action} on ${u.arn}`],
          conditions: cond(v, action),
        });
      }
    }

    // trust rewrite.
    const trustAll = A.everywhere('iam:UpdateAssumeRolePolicy');
    if (trustAll)
      add({
        from: p,
        to: rolesHub(),
        kind: 'trust',
        via: 'iam-012',
        permissions: ['iam:UpdateAssumeRolePolicy on *'],
        conditions: cond(trustAll, 'iam:UpdateAssumeRolePolicy'),
      });
    else if (A.eff.allowed.has(cat.index.get('iam:updateassumerolepolicy')!))
      for (const [k, v] of A.grants('iam:UpdateAssumeRolePolicy', roleArns, roleByArn)) {
        const r = roles[k]!;
        if (roleIdx[k] === p) continue;
        add({
          from: p,
          to: roleIdx[k]!,
          kind: 'trust',
          via: 'iam-012',
          permissions: [`iam:UpdateAssumeRolePolicy on ${r.arn}`],
          conditions: cond(v, 'iam:UpdateAssumeRolePolicy'),
        });
      }

    // pass-role: one edge per (method's service) to the service hub when PassRole is on "*",
    // otherwise per role it may pass.
    const passAll = A.everywhere('iam:PassRole');
    const canPass = A.eff.allowed.has(cat.index.get('iam:passrole')!);
    if (canPass) {
      const methods = NEW_PASSROLE.filter(
        (m) =>
          m.actions.every((a) => a === 'iam:PassRole' || A.eff.allowed.has(cat.index.get(a.toLowerCase()) ?? -1)) &&
          (m.alternatives ?? []).every((g) => g.some((a) => A.eff.allowed.has(cat.index.get(a.toLowerCase()) ?? -1))),
      );
      const seen = new Set<string>();
      for (const m of methods)
        for (const svc of m.passTo!) {
          if (seen.has(svc) || !serviceRoles.has(svc)) continue;
          seen.add(svc);
          const perms = [
            ...m.actions.filter((a) => a !== 'iam:PassRole'),
            ...(m.alternatives ?? []).map((g) => g.join(' or ')),
          ];
          if (passAll)
            add({
              from: p,
              to: serviceHub(svc),
              kind: 'pass-role',
              via: m.id,
              permissions: ['iam:PassRole on *', ...perms],
              conditions: cond(passAll, 'iam:PassRole'),
            });
          else
            for (const [k, v] of A.grants('iam:PassRole', serviceArns(svc), serviceByArn(svc))) {
              const ri = serviceRoles.get(svc)![k]!;
              if (ri === p) continue;
              add({
                from: p,
                to: ri,
                kind: 'pass-role',
                via: m.id,
                permissions: [`iam:PassRole on ${nodes[ri]!.arn}`, ...perms],
                conditions: cond(v, 'iam:PassRole'),
              });
            }
        }
    }

    // existing resources (possible).
    for (const m of EXISTING) {
      const vs = m.actions.map((a) => A.onAll(a));
      if (vs.some((v) => v === 'no')) continue;
      for (const svc of m.usesRoleOf!) {
        if (!serviceRoles.has(svc)) continue;
        add({
          from: p,
          to: serviceHub(svc),
          kind: 'existing-resource',
          via: m.id,
          permissions: m.actions.map((a) => `${a} on *`),
          conditions: vs.includes('conditional') ? ['conditional grant'] : [],
          possible: true,
        });
      }
    }

    const self = policyTargets(A, p);
    if (self)
      selfAdmin.set(p, {
        from: p,
        to: p,
        kind: 'policy',
        via: self.via,
        permissions: [self.perm],
        conditions: cond(self.v, self.action),
      });
  }

  // policy, multi-hop: a principal that can change the policy of another one it can reach (any
  // number of steps, through hubs) makes that one an administrator, then becomes it. Breadth-first
  // from each principal that holds a policy-changing action, so the nearest such target is named.
  const POLICY_ACTIONS = [
    'iam:putuserpolicy',
    'iam:attachuserpolicy',
    'iam:putrolepolicy',
    'iam:attachrolepolicy',
    'iam:putgrouppolicy',
    'iam:attachgrouppolicy',
    'iam:createpolicyversion',
    'iam:setdefaultpolicyversion',
    'iam:addusertogroup',
  ]
    .map((a) => cat.index.get(a))
    .filter((i): i is number => i !== undefined);
  const groupArnList = snapshot.groups.map((g) => g.arn);
  const groupByArn = new Map(groupArnList.map((a, k) => [a, k]));
  const membersOf = new Map<string, number[]>();
  users.forEach((u, ui) => {
    for (const g of u.groups) {
      let l = membersOf.get(g);
      if (!l) membersOf.set(g, (l = []));
      l.push(ui);
    }
  });
  const customerArns = [...policyArns];
  const customerByArn = new Map(customerArns.map((a, k) => [a, k]));
  const holdersOf = new Map<string, number[]>();
  for (let t = 0; t < principals; t++) {
    const ent: IamUser | IamRole | undefined = t < users.length ? users[t] : roles[t - users.length];
    for (const ap of ent?.attachedPolicies ?? [])
      if (policyArns.has(ap.arn)) {
        let l = holdersOf.get(ap.arn);
        if (!l) holdersOf.set(ap.arn, (l = []));
        l.push(t);
      }
  }
  /** The principals whose policy A can change (looked up from its grants, not tried one by one). */
  const changeable = (A: Access): Set<number> => {
    const t = new Set<number>();
    const ok = (v: Verdict) => v === 'yes' || v === 'conditional';
    for (const a of ['iam:PutUserPolicy', 'iam:AttachUserPolicy'])
      for (const [k, v] of A.grants(a, userArns, userByArn)) if (ok(v)) t.add(k);
    for (const a of ['iam:PutRolePolicy', 'iam:AttachRolePolicy'])
      for (const [k, v] of A.grants(a, roleArns, roleByArn)) if (ok(v)) t.add(roleIdx[k]!);
    for (const a of ['iam:PutGroupPolicy', 'iam:AttachGroupPolicy'])
      for (const [k, v] of A.grants(a, groupArnList, groupByArn))
        if (ok(v)) for (const ui of membersOf.get(snapshot.groups[k]!.name) ?? []) t.add(ui);
    for (const a of ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'])
      for (const [k, v] of A.grants(a, customerArns, customerByArn))
        if (ok(v)) for (const h of holdersOf.get(customerArns[k]!) ?? []) t.add(h);
    for (const g of adminGroups)
      if (ok(A.on('iam:AddUserToGroup', groupsByName.get(g)!.arn))) {
        for (let ui = 0; ui < users.length; ui++) t.add(ui);
        break;
      }
    return t;
  };
  for (let p = 0; p < principals; p++) {
    if (admin[p] || selfAdmin.has(p)) continue;
    const A = access[p]!;
    if (!POLICY_ACTIONS.some((i) => A.eff.allowed.has(i))) continue;
    const targets = changeable(A);
    targets.delete(p);
    if (targets.size === 0) continue;
    const prev = new Map<number, GraphEdge>();
    const seen = new Set<number>([p]);
    let frontier = [p];
    let found: { t: number; r: NonNullable<ReturnType<typeof policyTargets>> } | null = null;
    for (let depth = 0; depth < MAX_POLICY_HOPS && frontier.length && !found; depth++) {
      const nextFrontier: number[] = [];
      for (const v of frontier) {
        for (const e of out[v]!) {
          if (seen.has(e.to)) continue;
          seen.add(e.to);
          prev.set(e.to, e);
          if (targets.has(e.to)) {
            const r = policyTargets(A, e.to);
            if (r) {
              found = { t: e.to, r };
              break;
            }
          }
          nextFrontier.push(e.to);
        }
        if (found) break;
      }
      frontier = nextFrontier;
    }
    if (!found) continue;
    const route: GraphEdge[] = [];
    for (let v = found.t; v !== p; v = prev.get(v)!.from) route.unshift(prev.get(v)!);
    selfAdmin.set(p, {
      from: p,
      to: found.t,
      kind: 'policy',
      via: found.r.via,
      permissions: [found.r.perm],
      conditions: found.r.v === 'conditional' ? A.conditionKeys(found.r.action) : [],
      route,
    });
  }
  for (let p = 0; p < principals; p++) {
    if (admin[p]) nodes[p]!.admin = 'full administrator ("*" on "*" after Deny, boundary and SCPs)';
    else if (selfAdmin.has(p)) {
      const e = selfAdmin.get(p)!;
      nodes[p]!.admin =
        e.to === p
          ? `can make itself administrator (${e.via})`
          : `can make ${nodes[e.to]!.name} administrator (${e.via}) and become it`;
    }
  }

  // Reverse BFS from administrators over "become" edges.
  const rev: GraphEdge[][] = nodes.map(() => []);
  let edges = 0;
  for (const list of out)
    for (const e of list) {
      rev[e.to]!.push(e);
      edges++;
    }
  // 0-1 BFS: an edge out of a hub costs nothing (the hop is the edge into the hub).
  const dist = new Float64Array(nodes.length).fill(Number.POSITIVE_INFINITY);
  const next: (GraphEdge | null)[] = new Array(nodes.length).fill(null);
  const deque: number[] = [];
  for (let p = 0; p < principals; p++) if (admin[p]) (dist[p] = 0), deque.push(p);
  for (let p = 0; p < principals; p++)
    if (!admin[p] && nodes[p]!.admin) {
      dist[p] = 1;
      next[p] = selfAdmin.get(p)!;
      deque.push(p);
    }
  // Process in distance order: a simple bucketed queue (distances are small integers).
  const buckets: number[][] = [];
  for (const v of deque) (buckets[dist[v]!] ??= []).push(v);
  for (let d = 0; d < buckets.length; d++) {
    const b = buckets[d] ?? [];
    for (let k = 0; k < b.length; k++) {
      const v = b[k]!;
      if (dist[v]! < d) continue;
      for (const e of rev[v]!) {
        const w = nodes[e.from]!.kind === 'hub' ? 0 : 1;
        const nd = d + w;
        if (nd < dist[e.from]!) {
          dist[e.from] = nd;
          next[e.from] = e;
          if (w === 0) b.push(e.from);
          else (buckets[nd] ??= []).push(e.from);
        }
      }
    }
  }
  let can = 0;
  for (let p = 0; p < principals; p++) if (!admin[p] && Number.isFinite(dist[p]!)) can++;
  return {
    nodes,
    out,
    selfAdmin,
    index,
    distToAdmin: dist,
    nextToAdmin: next,
    stats: { principals, edges, admins: admin.filter(Boolean).length, canBecomeAdmin: can },
  };
}

export interface PathStep {
  from: string;
  to: string;
  kind: EdgeKind | 'becomes-admin';
  via: string;
  methodName?: string;
  permissions: string[];
  conditions: string[];
  possible?: boolean;
}

const methodName = new Map<string, string>(PRIVILEGE_ESCALATION_METHODS.map((m: EscalationMethod) => [m.id, m.name]));

function step(g: PrivilegeGraph, e: GraphEdge, toOverride?: string): PathStep {
  return {
    from: g.nodes[e.from]!.name,
    to: toOverride ?? g.nodes[e.to]!.name,
    kind: e.kind === 'runs-as' ? 'assume' : e.kind,
    via: e.via,
    ...(methodName.has(e.via) ? { methodName: methodName.get(e.via) } : {}),
    permissions: e.permissions,
    conditions: e.conditions,
    ...(e.possible ? { possible: true } : {}),
  };
}

/** Hub hops are folded into the step that enters them ("assumes any role that trusts the account → R"). */
function fold(g: PrivilegeGraph, edges: GraphEdge[]): PathStep[] {
  const out: PathStep[] = [];
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    if (g.nodes[e.to]!.kind === 'hub' && edges[i + 1]) {
      const n = edges[i + 1]!;
      const s = step(g, e, g.nodes[n.to]!.name);
      s.conditions = [...s.conditions, ...n.conditions];
      if (n.via.startsWith('trusts ')) s.permissions = [...s.permissions, `(the role ${n.via})`];
      out.push(s);
      i++;
    } else out.push(step(g, e));
  }
  return out;
}

export interface PrincipalPath {
  principal: string;
  type: 'user' | 'role';
  arn: string;
  /** Steps to an administrator (the last step says how admin is reached). */
  steps: PathStep[];
  hops: number;
  /** True when a step depends on an existing resource the snapshot cannot show. */
  possible: boolean;
  reachesAdmin: string;
}

/** The shortest path from a principal to an administrator, or null. */
export function shortestPathToAdmin(g: PrivilegeGraph, arn: string): PrincipalPath | null {
  const start = g.index.get(arn);
  if (start === undefined || !Number.isFinite(g.distToAdmin[start]!)) return null;
  const node = g.nodes[start]!;
  if (node.kind === 'hub') return null;
  const edges: GraphEdge[] = [];
  let v = start;
  const seen = new Set<number>();
  while (!(g.distToAdmin[v] === 0 && g.nodes[v]!.kind !== 'hub') && !seen.has(v)) {
    seen.add(v);
    const e = g.nextToAdmin[v];
    if (!e) break;
    if (e.kind === 'policy') {
      edges.push(e);
      break;
    }
    edges.push(e);
    v = e.to;
  }
  const steps = fold(
    g,
    edges.filter((e) => e.kind !== 'policy'),
  );
  const last = edges[edges.length - 1];
  const end = last?.kind === 'policy' ? last.from : v;
  if (last?.kind === 'policy') {
    const s = step(g, last);
    s.kind = 'becomes-admin';
    steps.push(s);
    // Made another principal admin: then become it (the route to it, hubs folded).
    if (last.route?.length) steps.push(...fold(g, last.route));
  }
  return {
    principal: node.name,
    type: node.kind as 'user' | 'role',
    arn: node.arn,
    steps,
    hops: steps.length,
    possible: steps.some((s) => s.possible),
    reachesAdmin: g.nodes[end]!.admin ?? 'administrator',
  };
}

/** Every non-admin principal that can become an administrator, shortest first (capped; `total` counts all). */
export function whoCanBecomeAdmin(g: PrivilegeGraph, limit: number): { paths: PrincipalPath[]; total: number } {
  const cands: number[] = [];
  for (let p = 0; p < g.stats.principals; p++)
    if (g.distToAdmin[p]! > 0 && Number.isFinite(g.distToAdmin[p]!)) cands.push(p);
  cands.sort((a, b) => g.distToAdmin[a]! - g.distToAdmin[b]! || g.nodes[a]!.name.localeCompare(g.nodes[b]!.name));
  const paths: PrincipalPath[] = [];
  for (const p of cands) {
    if (paths.length >= limit) break;
    const path = shortestPathToAdmin(g, g.nodes[p]!.arn);
    if (path) paths.push(path);
  }
  return { paths, total: cands.length };
}

/** Principals a principal can become (forward BFS, shortest path to each), capped; `total` counts all. */
export function whatCanBecome(
  g: PrivilegeGraph,
  arn: string,
  limit: number,
): { reachable: { principal: string; type: string; arn: string; admin?: string; steps: PathStep[] }[]; total: number } {
  const start = g.index.get(arn);
  if (start === undefined) return { reachable: [], total: 0 };
  const prev = new Map<number, GraphEdge | null>([[start, null]]);
  const order: number[] = [start];
  for (let h = 0; h < order.length; h++)
    for (const e of g.out[order[h]!]!)
      if (!prev.has(e.to)) {
        prev.set(e.to, e);
        order.push(e.to);
      }
  const targets = order.filter((i) => i !== start && g.nodes[i]!.kind !== 'hub');
  const reachable = targets.slice(0, limit).map((t) => {
    const edges: GraphEdge[] = [];
    for (let v = t; prev.get(v); v = prev.get(v)!.from) edges.unshift(prev.get(v)!);
    const n = g.nodes[t]!;
    return {
      principal: n.name,
      type: n.kind,
      arn: n.arn,
      ...(n.admin ? { admin: n.admin } : {}),
      steps: fold(g, edges),
    };
  });
  return { reachable, total: targets.length };
}

/** Who can reach one principal (reverse BFS), shortest first, capped; `total` counts all. */
export function whoCanReach(g: PrivilegeGraph, arn: string, limit: number): { paths: PrincipalPath[]; total: number } {
  const target = g.index.get(arn);
  if (target === undefined) return { paths: [], total: 0 };
  const rev: GraphEdge[][] = g.nodes.map(() => []);
  for (const l of g.out) for (const e of l) rev[e.to]!.push(e);
  const nextHop = new Map<number, GraphEdge | null>([[target, null]]);
  const order = [target];
  for (let h = 0; h < order.length; h++)
    for (const e of rev[order[h]!]!)
      if (!nextHop.has(e.from)) {
        nextHop.set(e.from, e);
        order.push(e.from);
      }
  const from = order.filter((i) => i !== target && g.nodes[i]!.kind !== 'hub');
  const paths = from.slice(0, limit).map((s) => {
    const edges: GraphEdge[] = [];
    for (let v = s; nextHop.get(v); v = nextHop.get(v)!.to) edges.push(nextHop.get(v)!);
    const n = g.nodes[s]!;
    const steps = fold(g, edges);
    return {
      principal: n.name,
      type: n.kind as 'user' | 'role',
      arn: n.arn,
      steps,
      hops: steps.length,
      possible: steps.some((x) => x.possible),
      reachesAdmin: g.nodes[target]!.admin ?? g.nodes[target]!.name,
    };
  });
  return { paths, total: from.length };
}

const graphs = new WeakMap<IamSnapshot, PrivilegeGraph>();

/** The snapshot's graph, built once. */
export function privilegeGraphFor(snapshot: IamSnapshot, evaluator: Evaluator): PrivilegeGraph {
  let g = graphs.get(snapshot);
  if (!g) graphs.set(snapshot, (g = buildPrivilegeGraph(snapshot, { evaluator })));
  return g;
}
