/**
 * Effective identity-based permissions (pure). For a user: its inline and attached policies plus
 * those of its groups; for a group or role: its inline and attached policies. A permissions boundary
 * intersects the allows; an explicit Deny (identity or boundary) overrides any Allow; `NotAction`
 * is the complement within the AWS action catalog; `NotResource` grants everything but the listed
 * resources (treated as unconstrained). Conditions are carried through: a grant that holds only
 * under a Condition — or that a conditional / resource-scoped Deny narrows — is "conditional",
 * never counted as equal to an unconditional grant.
 *
 * AWS Organizations: when the snapshot carries the account's SCPs (src/iam/organizations.ts), an
 * action must be allowed by an SCP at every level (root, each OU, the account) and denied by none;
 * RCP Denies remove actions too. SCPs do not apply to service-linked roles or the management account.
 * Not evaluated (say so in answers): resource-based policies, session policies — and SCPs/RCPs when
 * they were not read (`evaluationNote`).
 *
 * Speed: every managed policy is compiled once per snapshot (statement → action bit set, expansion
 * cached per pattern); a principal is a handful of bit-set ORs over ~22,000 actions.
 */
import { type ActionCatalog, actionCatalog, expandAction } from './action-catalog';
import { awsManagedFallback } from './aws-managed-fallback';
import { Bitset, SparseBitset } from './bitset';
import { type OrganizationPolicies, organizationCoverage, organizationGaps } from './organizations';
import { asList, type PolicyCondition, type PolicyDocument, type PolicyStatement } from './policy-document';
import type { IamGroup, IamRole, IamSnapshot, IamUser, ManagedPolicy } from './snapshot';

export const NOT_EVALUATED =
  'Service Control Policies and Resource Control Policies (AWS Organizations), resource-based policies and session policies are not evaluated: effective access may be narrower.';

/** What bounded the evaluation, said in every answer. */
export interface AppliedControls {
  boundary: boolean;
  scps: 'applied' | 'not-read' | 'not-applicable';
  rcps: 'applied' | 'not-read';
}

/**
 * One sentence for answers: which of SCPs / RCPs / boundaries were applied, what was not evaluated,
 * and why SCPs/RCPs were not ("SCPs not evaluated: <reason>").
 */
export function evaluationNote(org: OrganizationPolicies | null | undefined): string {
  const c = organizationCoverage(org);
  const gaps = organizationGaps(org);
  const applied = [
    c.scps && 'Service Control Policies',
    c.rcps && 'Resource Control Policies',
    'permissions boundaries',
  ].filter(Boolean);
  const not = [
    !c.scps && 'Service Control Policies',
    !c.rcps && 'Resource Control Policies',
    'resource-based policies',
    'session policies',
  ].filter(Boolean);
  const why = [
    !c.scps && `SCPs not evaluated: ${gaps.scps}`,
    !c.rcps && c.scps && `RCPs not evaluated: ${gaps.rcps}`,
  ].filter(Boolean);
  return `Applied: ${applied.join(', ')} and explicit Denies. Not evaluated: ${not.join(', ')}${
    c.scps ? '' : ' (effective access may be narrower)'
  }.${why.length ? ` ${why.join('. ')}.` : ''}`;
}

export type PrincipalType = 'role' | 'user' | 'group';

export interface PrincipalRef {
  type: PrincipalType;
  name: string;
  arn: string;
}

export interface PolicyOrigin {
  kind: 'managed' | 'inline' | 'boundary' | 'scp' | 'rcp';
  name: string;
  arn?: string;
  /** Set when the policy reaches a user through a group. */
  viaGroup?: string;
  awsManaged?: boolean;
}

export interface CompiledStatement {
  origin: PolicyOrigin;
  sid?: string;
  effect: 'Allow' | 'Deny';
  actions: Bitset;
  actionPatterns: string[];
  notAction: boolean;
  /** Patterns that matched nothing in the catalog (typos, retired or brand-new actions). */
  unknownPatterns: string[];
  resources: string[];
  notResource: boolean;
  /** Resource is "*" (or an all-of-a-type wildcard) or NotResource. */
  unconstrained: boolean;
  condition?: PolicyCondition;
}

interface PolicySets {
  allowAny: Bitset;
  allowStarUncond: Bitset;
  allowStarCond: Bitset;
  denyHard: Bitset;
  denyPartial: Bitset;
}

export interface CompiledPolicy {
  statements: CompiledStatement[];
  sets: PolicySets;
}

export interface EffectivePermissions {
  principal: PrincipalRef;
  statements: CompiledStatement[];
  boundary: CompiledStatement[] | null;
  /** Allowed on some resource, under some condition, after Deny and boundary. */
  allowed: Bitset;
  /** Allowed on unconstrained resources (conditional or not). */
  unconstrained: Bitset;
  /** The part of `unconstrained` that holds only under a condition or is narrowed by a Deny. */
  conditional: Bitset;
  /** SCP/RCP statements that bounded this principal (for explaining denials); null when none applied. */
  organization: CompiledStatement[] | null;
  applied: AppliedControls;
  /** Policy statements that could not be read ("Policy P: Statement[2] …"): permissions unknown, not absent. */
  unknown: string[];
  notes: string[];
}

/** A resource pattern that covers every resource (of a type): "*", "arn:aws:iam::*:role/*", "arn:aws:s3:::*". */
export function isUnconstrainedResource(r: string): boolean {
  if (r === '*' || r === '*:*') return true;
  const m = /^arn:[^:]*:([^:]*):[^:]*:[^:]*:(.*)$/.exec(r);
  if (!m) return false;
  const [, service, rest] = m;
  if (service === 's3') return rest === '*' || rest === '*/*';
  return rest === '*' || /^[\w-]+[/:]\*$/.test(rest!);
}

function emptySets(size: number): PolicySets {
  return {
    allowAny: new Bitset(size),
    allowStarUncond: new Bitset(size),
    allowStarCond: new Bitset(size),
    denyHard: new Bitset(size),
    denyPartial: new Bitset(size),
  };
}

const emptyCache = new WeakMap<Bitset, boolean>();
function isEmptyExpansion(_cat: ActionCatalog, _p: string, set: Bitset): boolean {
  let e = emptyCache.get(set);
  if (e === undefined) emptyCache.set(set, (e = set.isEmpty()));
  return e;
}

/** A statement's action set per (catalog, Action/NotAction list): statements repeat across principals. */
const actionSetCache = new WeakMap<ActionCatalog, Map<string, { actions: Bitset; unknown: string[] }>>();

function statementActions(
  cat: ActionCatalog,
  patterns: string[],
  notAction: boolean,
): { actions: Bitset; unknown: string[] } {
  let cache = actionSetCache.get(cat);
  if (!cache) actionSetCache.set(cat, (cache = new Map()));
  const key = `${notAction ? '!' : ''}${patterns.join('\u0000')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const unknown: string[] = [];
  let matched: Bitset | undefined;
  let shared = false;
  for (const p of patterns) {
    const set = expandAction(cat, p);
    if (isEmptyExpansion(cat, p, set)) unknown.push(p);
    else if (!matched) {
      // One pattern: use the cached expansion as is (statement sets are never mutated).
      matched = set;
      shared = true;
    } else {
      if (shared) {
        matched = matched.clone();
        shared = false;
      }
      matched.or(set);
    }
  }
  matched ??= new Bitset(cat.size);
  // A list of specific actions is a few members: kept sparse (statements outnumber principals).
  const out = { actions: notAction ? matched.not() : shared ? matched : SparseBitset.compact(matched), unknown };
  // Bounded: a pathological snapshot with endless distinct lists must not grow memory without limit.
  if (cache.size < 50_000) cache.set(key, out);
  return out;
}

export function compileStatement(cat: ActionCatalog, s: PolicyStatement, origin: PolicyOrigin): CompiledStatement {
  const notAction = s.Action === undefined && s.NotAction !== undefined;
  const patterns = asList(notAction ? s.NotAction : s.Action);
  const { actions: matched, unknown } = statementActions(cat, patterns, notAction);
  const notResource = s.Resource === undefined && s.NotResource !== undefined;
  const resources = asList(notResource ? s.NotResource : s.Resource);
  const hasCondition = !!s.Condition && Object.keys(s.Condition).length > 0;
  return {
    origin,
    sid: s.Sid,
    effect: s.Effect,
    actions: matched,
    actionPatterns: patterns,
    notAction,
    unknownPatterns: unknown,
    resources,
    notResource,
    unconstrained: notResource || resources.some(isUnconstrainedResource),
    condition: hasCondition ? s.Condition : undefined,
  };
}

export function compilePolicy(
  cat: ActionCatalog,
  doc: PolicyDocument,
  origin: PolicyOrigin,
  into?: PolicySets,
): CompiledPolicy {
  const statements = doc.Statement.map((s) => compileStatement(cat, s, origin));
  const sets = into ?? emptySets(cat.size);
  for (const st of statements) {
    if (st.effect === 'Allow') {
      sets.allowAny.or(st.actions);
      if (st.unconstrained) (st.condition ? sets.allowStarCond : sets.allowStarUncond).or(st.actions);
    } else {
      // A Deny on every resource without condition removes the action; any other Deny narrows it.
      const hard = !st.condition && !st.notResource && st.resources.some((r) => r === '*');
      (hard ? sets.denyHard : sets.denyPartial).or(st.actions);
    }
  }
  return { statements, sets };
}

/** allowStarUncond ∪ allowStarCond of a shared (boundary or SCP level) set, computed once. */
const starAnyCache = new WeakMap<PolicySets, Bitset>();
function starAny(p: PolicySets): Bitset {
  let b = starAnyCache.get(p);
  if (!b) starAnyCache.set(p, (b = p.allowStarUncond.clone().or(p.allowStarCond)));
  return b;
}

function orSets(into: PolicySets, from: PolicySets): void {
  into.allowAny.or(from.allowAny);
  into.allowStarUncond.or(from.allowStarUncond);
  into.allowStarCond.or(from.allowStarCond);
  into.denyHard.or(from.denyHard);
  into.denyPartial.or(from.denyPartial);
}

function sameWords(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The set in `table` with b's content (b itself when it is the first): equal read-only sets shared. */
function intern(table: Map<number, Bitset[]>, b: Bitset): Bitset {
  const w = b.words;
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w[i]!, 0x01000193);
  const same = table.get(h);
  if (!same) {
    table.set(h, [b]);
    return b;
  }
  for (const x of same) if (sameWords(x.words, w)) return x;
  same.push(b);
  return b;
}

/** Evaluates principals of one snapshot; managed policies are compiled once and shared. */
export class Evaluator {
  readonly cat: ActionCatalog;
  private readonly policies = new Map<string, ManagedPolicy>();
  private readonly compiled = new Map<string, CompiledPolicy | null>();
  private readonly groups = new Map<string, IamGroup>();
  /** AWS managed policies evaluated from the built-in fallback (their document was not in the snapshot). */
  readonly fallbacks = new Set<string>();
  private readonly groupCompiled = new Map<
    string,
    { statements: CompiledStatement[]; sets: PolicySets; notes: string[]; unknown?: string[] }
  >();
  /** SCP levels (each: the union of its policies) and RCP denies, compiled once; null when not read. */
  private readonly org: {
    levels: PolicySets[] | null;
    rcp: PolicySets | null;
    statements: CompiledStatement[];
  };

  constructor(
    readonly snapshot: IamSnapshot,
    cat?: ActionCatalog,
  ) {
    this.cat = cat ?? actionCatalog();
    for (const p of snapshot.policies) this.policies.set(p.arn, p);
    for (const g of snapshot.groups) this.groups.set(g.name, g);
    this.org = this.compileOrganization(snapshot.organizations);
  }

  private compileOrganization(o: OrganizationPolicies | null | undefined): Evaluator['org'] {
    const statements: CompiledStatement[] = [];
    const cover = organizationCoverage(o);
    if (!o) return { levels: null, rcp: null, statements };
    const levels = cover.scps
      ? o.targets.map((t) => {
          const sets = emptySets(this.cat.size);
          for (const p of t.scps ?? [])
            if (p.document) {
              const c = compilePolicy(this.cat, p.document, { kind: 'scp', name: `SCP ${p.name}`, arn: p.arn }, sets);
              statements.push(...c.statements);
            }
          return sets;
        })
      : null;
    let rcp: PolicySets | null = null;
    if (cover.rcps) {
      rcp = emptySets(this.cat.size);
      for (const t of o.targets)
        for (const p of t.rcps ?? [])
          if (p.document) {
            // An RCP never grants: only its Denies count.
            const doc = { Statement: p.document.Statement.filter((x) => x.Effect === 'Deny') };
            const c = compilePolicy(this.cat, doc, { kind: 'rcp', name: `RCP ${p.name}`, arn: p.arn }, rcp);
            statements.push(...c.statements);
          }
    }
    return { levels, rcp, statements };
  }

  managed(arn: string): ManagedPolicy | undefined {
    return this.policies.get(arn);
  }

  private compiledManaged(
    arn: string,
    name: string,
    kind: 'managed' | 'boundary',
    viaGroup?: string,
  ): CompiledPolicy | null {
    const key = `${kind}|${arn}|${viaGroup ?? ''}`;
    if (this.compiled.has(key)) return this.compiled.get(key)!;
    if (viaGroup) {
      // One compilation per policy, whatever the number of groups it is attached to: a group's copy
      // shares the action sets and only names the group in each statement's origin.
      const base = this.compiledManaged(arn, name, kind);
      const c = base && {
        sets: base.sets,
        statements: base.statements.map((st) => ({ ...st, origin: { ...st.origin, viaGroup } })),
      };
      this.compiled.set(key, c);
      return c;
    }
    const p = this.policies.get(arn);
    let c = p
      ? compilePolicy(this.cat, p.document, { kind, name: p.name || name, arn, viaGroup, awsManaged: p.awsManaged })
      : null;
    const fallback = p ? undefined : awsManagedFallback(arn);
    if (fallback) {
      c = compilePolicy(this.cat, fallback, { kind, name, arn, viaGroup, awsManaged: true });
      this.fallbacks.add(arn);
    }
    this.compiled.set(key, c);
    return c;
  }

  private collect(
    inline: { name: string; document: PolicyDocument }[],
    attached: { name: string; arn: string }[],
    viaGroup: string | undefined,
    into: { statements: CompiledStatement[]; sets: PolicySets; notes: string[]; unknown?: string[] },
  ): void {
    const via = viaGroup ? ` (via group ${viaGroup})` : '';
    for (const ip of inline as { name: string; document: PolicyDocument; skipped?: string[] }[])
      for (const sk of ip.skipped ?? []) (into.unknown ??= []).push(`Inline policy ${ip.name}${via}: ${sk}`);
    for (const ap of attached)
      for (const sk of this.policies.get(ap.arn)?.skipped ?? [])
        (into.unknown ??= []).push(`Managed policy ${ap.name}${via}: ${sk}`);
    for (const ip of inline) {
      // Inline policies are compiled straight into the principal's sets (no per-policy sets).
      const c = compilePolicy(this.cat, ip.document, { kind: 'inline', name: ip.name, viaGroup }, into.sets);
      into.statements.push(...c.statements);
    }
    for (const ap of attached) {
      const c = this.compiledManaged(ap.arn, ap.name, 'managed', viaGroup);
      if (!c) {
        into.notes.push(
          `Managed policy ${ap.arn} is attached${viaGroup ? ` (via group ${viaGroup})` : ''} but its document is not in the snapshot: its permissions are not counted.`,
        );
        continue;
      }
      into.statements.push(...c.statements);
      orSets(into.sets, c.sets);
    }
  }

  private groupPart(name: string): {
    statements: CompiledStatement[];
    sets: PolicySets;
    notes: string[];
    unknown?: string[];
  } {
    let g = this.groupCompiled.get(name);
    if (g) return g;
    g = { statements: [], sets: emptySets(this.cat.size), notes: [], unknown: [] };
    const group = this.groups.get(name);
    if (!group) g.notes.push(`Group ${name} is not in the snapshot: its policies are not counted.`);
    else this.collect(group.inlinePolicies, group.attachedPolicies, name, g);
    this.groupCompiled.set(name, g);
    return g;
  }

  private scratch?: { uFull: Bitset; hard: Bitset; partial: Bitset };
  /**
   * Result sets by content: principals with the same policies end with equal sets, and many
   * `conditional` sets are empty. Sharing them keeps one 2.7 KB set per distinct content instead of
   * three per principal (a 10,000-role account held ~100 MiB of them); they are read-only by contract.
   */
  private readonly interned = new Map<number, Bitset[]>();
  /** One evaluation per principal object: the graph, the ranking and the posture rules share it. */
  private readonly memo = new WeakMap<object, EffectivePermissions>();

  /**
   * The principal's effective permissions. Memoised per principal object of the snapshot (the
   * result is never mutated by callers: its bit sets are read-only by contract).
   */
  evaluate(
    p: { kind: 'user'; user: IamUser } | { kind: 'role'; role: IamRole } | { kind: 'group'; group: IamGroup },
  ): EffectivePermissions {
    const key = p.kind === 'user' ? p.user : p.kind === 'role' ? p.role : p.group;
    let e = this.memo.get(key);
    if (!e) this.memo.set(key, (e = this.evaluateOnce(p)));
    return e;
  }

  private evaluateOnce(
    p: { kind: 'user'; user: IamUser } | { kind: 'role'; role: IamRole } | { kind: 'group'; group: IamGroup },
  ): EffectivePermissions {
    // Only allowAny and allowStarCond outlive this call (as `allowed` and `unconstrained`); the other
    // three are scratch sets reused across evaluations (cleared here), which spares most allocation.
    this.scratch ??= {
      uFull: new Bitset(this.cat.size),
      hard: new Bitset(this.cat.size),
      partial: new Bitset(this.cat.size),
    };
    this.scratch.uFull.words.fill(0);
    this.scratch.hard.words.fill(0);
    this.scratch.partial.words.fill(0);
    const acc = {
      statements: [] as CompiledStatement[],
      sets: {
        allowAny: new Bitset(this.cat.size),
        allowStarCond: new Bitset(this.cat.size),
        allowStarUncond: this.scratch.uFull,
        denyHard: this.scratch.hard,
        denyPartial: this.scratch.partial,
      } as PolicySets,
      notes: [] as string[],
      unknown: [] as string[],
    };
    let ref: PrincipalRef;
    let boundaryArn: string | null = null;
    let serviceLinked = false;
    if (p.kind === 'user') {
      const u = p.user;
      ref = { type: 'user', name: u.name, arn: u.arn };
      this.collect(u.inlinePolicies, u.attachedPolicies, undefined, acc);
      for (const gn of u.groups) {
        const g = this.groupPart(gn);
        acc.statements.push(...g.statements);
        orSets(acc.sets, g.sets);
        acc.notes.push(...g.notes);
        acc.unknown.push(...(g.unknown ?? []));
      }
      boundaryArn = u.permissionsBoundaryArn;
    } else if (p.kind === 'role') {
      const r = p.role;
      ref = { type: 'role', name: r.name, arn: r.arn };
      serviceLinked = r.path.startsWith('/aws-service-role/');
      this.collect(r.inlinePolicies, r.attachedPolicies, undefined, acc);
      boundaryArn = r.permissionsBoundaryArn;
    } else {
      const g = this.groupPart(p.group.name);
      ref = { type: 'group', name: p.group.name, arn: p.group.arn };
      acc.statements.push(...g.statements);
      orSets(acc.sets, g.sets);
      acc.notes.push(...g.notes);
      acc.unknown.push(...(g.unknown ?? []));
    }

    for (const st of acc.statements)
      if (st.origin.arn && this.fallbacks.has(st.origin.arn))
        acc.notes.push(
          `${st.origin.name} was evaluated from its published AWS document: the snapshot did not include it.`,
        );
    let boundary: CompiledPolicy | null = null;
    if (boundaryArn) {
      boundary = this.compiledManaged(boundaryArn, boundaryArn.split('/').pop() ?? boundaryArn, 'boundary');
      if (!boundary)
        acc.notes.push(
          `Permissions boundary ${boundaryArn} is not in the snapshot: it was not applied, so permissions may be overstated.`,
        );
    }
    // acc.sets belong to this evaluation: combine in place.
    const I = acc.sets;
    const denyHard = I.denyHard;
    const denyPartial = I.denyPartial;
    const allowed = I.allowAny;
    const uAny = I.allowStarCond.or(I.allowStarUncond);
    const uFull = I.allowStarUncond;
    if (boundary) {
      const B = boundary.sets;
      denyHard.or(B.denyHard);
      denyPartial.or(B.denyPartial);
      allowed.and(B.allowAny);
      uFull.and(B.allowStarUncond);
      uAny.and(starAny(B));
    }
    // AWS Organizations: SCPs (every level must allow) and RCP Denies.
    const mgmt = this.snapshot.organizations?.managementAccountId === this.snapshot.accountId;
    const scpApplies = !!this.org.levels && !serviceLinked && !mgmt;
    if (scpApplies)
      for (const L of this.org.levels!) {
        allowed.and(L.allowAny);
        uFull.and(L.allowStarUncond);
        uAny.and(starAny(L));
        denyHard.or(L.denyHard);
        denyPartial.or(L.denyPartial);
      }
    if (this.org.rcp) {
      denyHard.or(this.org.rcp.denyHard);
      denyPartial.or(this.org.rcp.denyPartial);
    }
    allowed.andNot(denyHard);
    uAny.andNot(denyHard);
    uFull.andNot(denyHard).andNot(denyPartial);
    const conditional = uAny.clone().andNot(uFull);
    return {
      principal: ref,
      statements: acc.statements,
      boundary: boundary?.statements ?? null,
      allowed: intern(this.interned, allowed),
      unconstrained: intern(this.interned, uAny),
      conditional: intern(this.interned, conditional),
      organization: scpApplies || this.org.rcp ? this.org.statements : null,
      applied: {
        boundary: !!boundary,
        scps: !this.org.levels ? 'not-read' : scpApplies ? 'applied' : 'not-applicable',
        rcps: this.org.rcp ? 'applied' : 'not-read',
      },
      unknown: [...new Set(acc.unknown)],
      notes: [
        ...new Set([
          ...acc.notes,
          ...acc.unknown.map((u) => `${u}: skipped; the permissions it would grant or deny are unknown, not absent.`),
        ]),
      ],
    };
  }
}

export interface ActionExplanation {
  action: string;
  effect: 'Allow' | 'Deny';
  policy: string;
  kind: PolicyOrigin['kind'];
  viaGroup?: string;
  sid?: string;
  resources: string[];
  notResource: boolean;
  condition?: PolicyCondition;
}

/** Which statements grant, deny or bound one action (for reporting the triggering grants). */
export function explainAction(cat: ActionCatalog, eff: EffectivePermissions, action: string): ActionExplanation[] {
  const i = cat.index.get(action.toLowerCase());
  if (i === undefined) return [];
  const out: ActionExplanation[] = [];
  for (const st of [...eff.statements, ...(eff.boundary ?? []), ...(eff.organization ?? [])]) {
    if (!st.actions.has(i)) continue;
    out.push({
      action: cat.names[i]!,
      effect: st.effect,
      policy: st.origin.name,
      kind: st.origin.kind,
      viaGroup: st.origin.viaGroup,
      sid: st.sid,
      resources: st.resources,
      notResource: st.notResource,
      condition: st.condition,
    });
  }
  return out;
}

/** Condition keys of a condition block, e.g. ["aws:MultiFactorAuthPresent (BoolIfExists)"]. */
export function conditionKeys(c: PolicyCondition | undefined): string[] {
  if (!c) return [];
  const out: string[] = [];
  for (const [op, kv] of Object.entries(c)) for (const k of Object.keys(kv ?? {})) out.push(`${k} (${op})`);
  return out;
}

export interface ServiceAccess {
  service: string;
  /** Allowed actions of the service (any resource), of how many it has. */
  actions: number;
  of: number;
  /** Allowed on unconstrained resources. */
  onAllResources: number;
  write: number;
  permissionsManagement: number;
  /** Allowed only under conditions (or narrowed by a Deny). */
  conditional: number;
}

/** Per-service counts of what a principal may do, largest first (for "what permissions does X have?"). */
export function serviceAccess(
  cat: ActionCatalog,
  eff: EffectivePermissions,
  limit = 20,
): { services: ServiceAccess[]; totalServices: number } {
  const out: ServiceAccess[] = [];
  for (const [service, [a, b]] of cat.services) {
    let actions = 0,
      onAll = 0,
      write = 0,
      pm = 0,
      cond = 0;
    for (let i = a; i < b; i++) {
      if (!eff.allowed.has(i)) continue;
      actions++;
      if (eff.unconstrained.has(i)) onAll++;
      if (eff.conditional.has(i)) cond++;
      const l = cat.levels[i]!;
      if (l & 2) write++;
      if (l & 16) pm++;
    }
    if (actions)
      out.push({
        service,
        actions,
        of: b - a,
        onAllResources: onAll,
        write,
        permissionsManagement: pm,
        conditional: cond,
      });
  }
  out.sort((x, y) => y.actions - x.actions || x.service.localeCompare(y.service));
  return { services: out.slice(0, limit), totalServices: out.length };
}
