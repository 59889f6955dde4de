/**
 * Risk categories of effective permissions (pure), driven by the data in risk-data.ts. A category
 * counts only actions allowed on unconstrained resources (as cloudsplaining does); a finding whose
 * every triggering action holds only under a condition is marked conditional and one severity lower.
 */
import { type ActionCatalog, LEVEL, actionIndex, actionsWithLevel } from './action-catalog';
import { Bitset } from './bitset';
import { type EffectivePermissions, conditionKeys } from './evaluate';
import {
  ACTION_IMPACT,
  CATALOG_LEVEL_OVERRIDES,
  CATEGORY_SEVERITY,
  CREDENTIALS_EXPOSURE_ACTIONS,
  DATA_EXFILTRATION_ACTIONS,
  LEVEL_RULES,
  PRIVILEGE_ESCALATION_METHODS,
  type RiskCategory,
  type Severity,
  SEVERITY_ORDER,
} from './risk-data';

export const MAX_LISTED_ACTIONS = 15;

/** A method a principal holds, as reported. */
export interface MethodHit {
  id: string;
  name: string;
  kind: string;
  actions: string[];
  gains: string;
  /** Methods whose required actions are a subset of this one's (less specific variants it implies). */
  variants?: string[];
}

/** Every policy that grants any triggering action of a finding, with the actions it grants (complete). */
export interface Grant {
  policy: string;
  actions: string[];
}

export interface RiskFinding {
  category: RiskCategory;
  severity: Severity;
  /** True when every triggering grant holds only under a condition (or a Deny narrows it). */
  conditional: boolean;
  /** Triggering actions (first MAX_LISTED_ACTIONS), and how many there are in all. */
  actions: string[];
  actionCount: number;
  /** PrivilegeEscalation: the escalation methods available (most specific first), each with its actions. */
  methods?: MethodHit[];
  /** ServiceWildcard: the services granted as `svc:*`. */
  services?: string[];
  /** Every policy whose statements grant a triggering action (complete; text answers show the first few). */
  grantedBy: string[];
  /** For each policy in grantedBy, the triggering actions it grants (listed actions only, complete per policy). */
  grants: Grant[];
  /** Condition keys on the triggering grants (and narrowing Denies). */
  conditions: string[];
}

interface CategorySets {
  credentials: Bitset;
  exfiltration: Bitset;
  resourceExposure: Bitset;
  infrastructure: Bitset;
  methods: {
    id: string;
    name: string;
    kind: string;
    gains: string;
    idx: number[];
    alternatives: number[][];
    actions: string[];
  }[];
}

const setsCache = new WeakMap<ActionCatalog, CategorySets>();

function named(cat: ActionCatalog, names: string[]): Bitset {
  const b = new Bitset(cat.size);
  for (const n of names) {
    const i = actionIndex(cat, n);
    if (i >= 0) b.add(i);
  }
  return b;
}

export function categorySets(cat: ActionCatalog): CategorySets {
  let s = setsCache.get(cat);
  if (s) return s;
  const resourceExposure = actionsWithLevel(cat, LEVEL.PermissionsManagement);
  for (const svc of LEVEL_RULES.resourceExposureExcludedServices) {
    const r = cat.services.get(svc);
    if (r)
      for (let i = r[0]; i < r[1]; i++)
        if (resourceExposure.has(i)) resourceExposure.words[i >>> 5]! &= ~(1 << (i & 31));
  }
  const readOnly = named(
    cat,
    CATALOG_LEVEL_OVERRIDES.map((o) => o.action),
  );
  resourceExposure.andNot(readOnly);
  resourceExposure.or(named(cat, LEVEL_RULES.resourceExposureExtraActions));
  s = {
    credentials: named(cat, CREDENTIALS_EXPOSURE_ACTIONS),
    exfiltration: named(cat, DATA_EXFILTRATION_ACTIONS),
    resourceExposure,
    infrastructure: actionsWithLevel(cat, LEVEL.Write).andNot(readOnly),
    methods: PRIVILEGE_ESCALATION_METHODS.map((m) => ({
      id: m.id,
      name: m.name,
      kind: m.kind,
      gains: m.gains,
      actions: m.actions,
      idx: m.actions.map((a) => actionIndex(cat, a)),
      alternatives: (m.alternatives ?? []).map((g) => g.map((a) => actionIndex(cat, a))),
    })),
  };
  setsCache.set(cat, s);
  return s;
}

export function lowerSeverity(s: Severity): Severity {
  return SEVERITY_ORDER[Math.min(SEVERITY_ORDER.indexOf(s) + 1, SEVERITY_ORDER.length - 1)]!;
}

/**
 * Policies and condition keys behind the triggering actions. Every listed action is attributed to
 * every policy that grants it (a policy granting the same risk through another action is not lost);
 * text answers show the first few, JSON carries them all.
 */
function provenance(
  cat: ActionCatalog,
  eff: EffectivePermissions,
  actions: string[],
  set?: Bitset,
): { grantedBy: string[]; grants: Grant[]; conditions: string[] } {
  const byPolicy = new Map<string, Set<string>>();
  const nameOf = (o: { name: string; viaGroup?: string }) =>
    o.viaGroup && eff.principal.type === 'user' ? `${o.name} (via group ${o.viaGroup})` : o.name;
  // Every policy with an unconstrained Allow reaching the category (complete, whatever the listed actions).
  for (const st of eff.statements)
    if (
      st.effect === 'Allow' &&
      st.unconstrained &&
      !byPolicy.has(nameOf(st.origin)) &&
      st.actions.intersects(eff.unconstrained, set)
    )
      byPolicy.set(nameOf(st.origin), new Set());
  const conditions = new Set<string>();
  // explainAction's walk, without building its objects: every statement (identity, boundary,
  // organization) that matches each listed action, in that order.
  const all = [...eff.statements, ...(eff.boundary ?? []), ...(eff.organization ?? [])];
  for (const a of actions) {
    const i = cat.index.get(a.toLowerCase());
    if (i === undefined) continue;
    const name0 = cat.names[i]!;
    for (const st of all) {
      if (!st.actions.has(i)) continue;
      if (st.effect === 'Allow' && (st.origin.kind === 'managed' || st.origin.kind === 'inline')) {
        const name = nameOf(st.origin);
        let set = byPolicy.get(name);
        if (!set) byPolicy.set(name, (set = new Set()));
        set.add(name0);
      }
      if (st.condition)
        for (const k of conditionKeys(st.condition)) conditions.add(st.effect === 'Deny' ? `Deny unless/when ${k}` : k);
      if (st.effect === 'Deny' && !st.condition)
        conditions.add(`Deny on ${st.notResource ? 'all but ' : ''}${st.resources.slice(0, 3).join(', ')}`);
    }
  }
  const grants = [...byPolicy].map(([policy, set]) => ({ policy, actions: [...set] }));
  return { grantedBy: grants.map((g) => g.policy), grants, conditions: [...conditions].slice(0, 8) };
}

/** A finding over U ∧ set (set omitted: all of U), computed without allocating sets. */
function finding(
  cat: ActionCatalog,
  eff: EffectivePermissions,
  category: RiskCategory,
  set: Bitset | undefined,
  extra: Partial<RiskFinding> = {},
): RiskFinding {
  const U = eff.unconstrained;
  // Unconditional grants first: they are what makes the finding hold without any condition.
  const clean = U.membersWith(MAX_LISTED_ACTIONS, set, eff.conditional);
  const conditional = clean.length === 0;
  const listed =
    extra.actions ??
    [...new Set([...clean, ...U.membersWith(MAX_LISTED_ACTIONS, set)])]
      .slice(0, MAX_LISTED_ACTIONS)
      .map((i) => cat.names[i]!);
  const base = CATEGORY_SEVERITY[category];
  return {
    category,
    severity: conditional ? lowerSeverity(base) : base,
    conditional,
    actions: listed,
    actionCount: extra.actionCount ?? U.countWith(set),
    ...provenance(cat, eff, listed, set),
    ...extra,
  };
}

/** The risk findings of one principal's effective permissions, most severe first. */
export function riskFindings(cat: ActionCatalog, eff: EffectivePermissions): RiskFinding[] {
  const S = categorySets(cat);
  const U = eff.unconstrained;
  const out: RiskFinding[] = [];

  // FullAdmin: an Allow of "*" on "*" that, after Deny and boundary, still reaches every IAM action
  // (so it can grant itself anything else) and at least 98% of the catalog.
  const star = eff.statements.filter(
    (s) =>
      s.effect === 'Allow' && !s.notAction && s.unconstrained && s.actionPatterns.some((p) => p === '*' || p === '*:*'),
  );
  const iam = cat.services.get('iam');
  const allIam = !iam || U.countRange(iam[0], iam[1]) === iam[1] - iam[0];
  if (star.length && allIam && U.count() >= cat.size * 0.98) {
    const f = finding(cat, eff, 'FullAdmin', undefined, { actions: ['*'], actionCount: U.count() });
    f.grantedBy = [
      ...new Set(
        star.map((s) =>
          s.origin.viaGroup && eff.principal.type === 'user'
            ? `${s.origin.name} (via group ${s.origin.viaGroup})`
            : s.origin.name,
        ),
      ),
    ];
    f.grants = f.grantedBy.map((policy) => ({ policy, actions: ['*'] }));
    if (star.every((s) => s.condition)) {
      f.conditional = true;
      f.severity = lowerSeverity(CATEGORY_SEVERITY.FullAdmin);
      f.conditions = [...new Set(star.flatMap((s) => conditionKeys(s.condition)))];
    }
    out.push(f);
  }

  // PrivilegeEscalation: every action of a method (and one of each alternatives group) allowed on
  // unconstrained resources. A method whose actions are a strict subset of another matched method's
  // is reported as that method's variant, so the most specific source-named methods are listed.
  const held = (i: number) => i >= 0 && U.has(i);
  const matched = S.methods.filter((m) => m.idx.every(held) && m.alternatives.every((g) => g.some(held)));
  const used = (m: (typeof matched)[number]) => [
    ...m.idx,
    ...m.alternatives.map((g) => g.find((i) => held(i) && !eff.conditional.has(i)) ?? g.find(held)!),
  ];
  const subset = (a: number[], b: number[]) => a.length < b.length && a.every((i) => b.includes(i));
  const methods = matched.filter((m) => !matched.some((o) => o !== m && subset(m.idx, o.idx)));
  if (methods.length) {
    const hits = new Bitset(cat.size);
    for (const m of methods) for (const i of used(m)) hits.add(i);
    methods.sort((a, b) => b.idx.length - a.idx.length || a.id.localeCompare(b.id));
    // Conditional only if each method has at least one conditional action.
    const f = finding(cat, eff, 'PrivilegeEscalation', hits, {
      methods: methods.map((m) => {
        const variants = matched.filter((o) => subset(o.idx, m.idx)).map((o) => o.id);
        return {
          id: m.id,
          name: m.name,
          kind: m.kind,
          actions: used(m).map((i) => cat.names[i]!),
          gains: m.gains,
          ...(variants.length ? { variants } : {}),
        };
      }),
    });
    const anyClean = methods.some((m) => used(m).every((i) => !eff.conditional.has(i)));
    f.conditional = !anyClean;
    f.severity = anyClean
      ? CATEGORY_SEVERITY.PrivilegeEscalation
      : lowerSeverity(CATEGORY_SEVERITY.PrivilegeEscalation);
    out.push(f);
  }

  for (const [category, set] of [
    ['CredentialsExposure', S.credentials],
    ['DataExfiltration', S.exfiltration],
    ['ResourceExposure', S.resourceExposure],
    ['InfrastructureModification', S.infrastructure],
  ] as const) {
    const n = U.countWith(set);
    if (n === 0) continue;
    const f = finding(cat, eff, category, set);
    const impact = ACTION_IMPACT[category];
    if (impact && !f.conditional) {
      // The finding's severity is the highest impact among all its actions (unlisted = the category's).
      const base = CATEGORY_SEVERITY[category];
      let worst = SEVERITY_ORDER.length - 1;
      for (const i of U.membersWith(cat.size, set)) {
        const sev = impact[cat.names[i]!] ?? base;
        worst = Math.min(worst, SEVERITY_ORDER.indexOf(sev));
        if (worst <= SEVERITY_ORDER.indexOf(base)) break;
      }
      f.severity = SEVERITY_ORDER[Math.max(worst, SEVERITY_ORDER.indexOf(base))]!;
    }
    out.push(f);
  }

  // ServiceWildcard: a literal "svc:*" Allow whose service is still (almost) wholly allowed.
  const services = new Set<string>();
  const wildcardBy = new Set<string>();
  const wildcardConditions = new Set<string>();
  for (const s of eff.statements) {
    if (s.effect !== 'Allow' || s.notAction) continue;
    for (const p of s.actionPatterns) {
      const m = /^([a-z0-9-]+):\*$/i.exec(p.trim());
      if (!m) continue;
      const r = cat.services.get(m[1]!.toLowerCase());
      if (r && eff.allowed.countRange(r[0], r[1]) >= (r[1] - r[0]) * 0.9) {
        services.add(m[1]!.toLowerCase());
        wildcardBy.add(
          s.origin.viaGroup && eff.principal.type === 'user'
            ? `${s.origin.name} (via group ${s.origin.viaGroup})`
            : s.origin.name,
        );
        for (const k of conditionKeys(s.condition)) wildcardConditions.add(k);
      }
    }
  }
  if (services.size) {
    const hits = new Bitset(cat.size);
    for (const svc of services) {
      const r = cat.services.get(svc)!;
      for (let i = r[0]; i < r[1]; i++) if (eff.allowed.has(i)) hits.add(i);
    }
    const list = [...services].sort();
    const onAll = U.countWith(hits) > 0;
    const f = finding(cat, eff, 'ServiceWildcard', hits, {
      actions: list.map((s) => `${s}:*`).slice(0, MAX_LISTED_ACTIONS),
      services: list,
      actionCount: onAll ? U.countWith(hits) : hits.count(),
    });
    f.grantedBy = [...wildcardBy];
    f.grants = f.grantedBy.map((policy) => ({ policy, actions: list.map((x) => `${x}:*`) }));
    f.conditions = [...wildcardConditions].slice(0, 8);
    if (!onAll) {
      // Granted only on specific resources: not "conditional", just scoped.
      f.conditional = false;
      f.severity = CATEGORY_SEVERITY.ServiceWildcard;
    }
    out.push(f);
  }

  return out.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
}
