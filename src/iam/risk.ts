/**
 * Risk categories of effective permissions (pure), driven by the data in risk-data.ts. A category
 * counts only actions allowed on unconstrained resources (as cloudsplaining does); a finding whose
 * every triggering action holds only under a condition is marked conditional and one severity lower.
 */
import { type ActionCatalog, LEVEL, actionIndex, actionsWithLevel } from './action-catalog';
import { Bitset } from './bitset';
import { type EffectivePermissions, conditionKeys, explainAction } from './evaluate';
import {
  CATEGORY_SEVERITY,
  CREDENTIALS_EXPOSURE_ACTIONS,
  DATA_EXFILTRATION_ACTIONS,
  LEVEL_RULES,
  LOW_IMPACT_ACTIONS,
  PRIVILEGE_ESCALATION_METHODS,
  type RiskCategory,
  type Severity,
  SEVERITY_ORDER,
} from './risk-data';

export const MAX_LISTED_ACTIONS = 15;

export interface RiskFinding {
  category: RiskCategory;
  severity: Severity;
  /** True when every triggering grant holds only under a condition (or a Deny narrows it). */
  conditional: boolean;
  /** Triggering actions (first MAX_LISTED_ACTIONS), and how many there are in all. */
  actions: string[];
  actionCount: number;
  /** PrivilegeEscalation: the escalation methods available, each with its actions. */
  methods?: { id: string; actions: string[]; description: string }[];
  /** ServiceWildcard: the services granted as `svc:*`. */
  services?: string[];
  /** Policies whose statements grant the triggering actions. */
  grantedBy: string[];
  /** Condition keys on the triggering grants (and narrowing Denies). */
  conditions: string[];
}

interface CategorySets {
  credentials: Bitset;
  exfiltration: Bitset;
  resourceExposure: Bitset;
  infrastructure: Bitset;
  methods: { id: string; description: string; idx: number[]; actions: string[] }[];
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
  resourceExposure.or(named(cat, LEVEL_RULES.resourceExposureExtraActions));
  s = {
    credentials: named(cat, CREDENTIALS_EXPOSURE_ACTIONS),
    exfiltration: named(cat, DATA_EXFILTRATION_ACTIONS),
    resourceExposure,
    infrastructure: actionsWithLevel(cat, LEVEL.Write),
    methods: PRIVILEGE_ESCALATION_METHODS.map((m) => ({
      id: m.id,
      description: m.description,
      actions: m.actions,
      idx: m.actions.map((a) => actionIndex(cat, a)),
    })),
  };
  setsCache.set(cat, s);
  return s;
}

export function lowerSeverity(s: Severity): Severity {
  return SEVERITY_ORDER[Math.min(SEVERITY_ORDER.indexOf(s) + 1, SEVERITY_ORDER.length - 1)]!;
}

/** Policies and condition keys behind a few triggering actions (bounded work: at most 5 actions). */
function provenance(
  cat: ActionCatalog,
  eff: EffectivePermissions,
  actions: string[],
): { grantedBy: string[]; conditions: string[] } {
  const grantedBy = new Set<string>();
  const conditions = new Set<string>();
  for (const a of actions.slice(0, 5))
    for (const x of explainAction(cat, eff, a)) {
      if (x.effect === 'Allow' && x.kind !== 'boundary')
        grantedBy.add(x.viaGroup && eff.principal.type === 'user' ? `${x.policy} (via group ${x.viaGroup})` : x.policy);
      for (const k of conditionKeys(x.condition)) conditions.add(x.effect === 'Deny' ? `Deny unless/when ${k}` : k);
      if (x.effect === 'Deny' && !x.condition)
        conditions.add(`Deny on ${x.notResource ? 'all but ' : ''}${x.resources.slice(0, 3).join(', ')}`);
    }
  return { grantedBy: [...grantedBy].slice(0, 8), conditions: [...conditions].slice(0, 8) };
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
    ...provenance(cat, eff, listed),
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
    if (star.every((s) => s.condition)) {
      f.conditional = true;
      f.severity = lowerSeverity(CATEGORY_SEVERITY.FullAdmin);
      f.conditions = [...new Set(star.flatMap((s) => conditionKeys(s.condition)))];
    }
    out.push(f);
  }

  // PrivilegeEscalation: every action of a method allowed on unconstrained resources.
  const methods = S.methods.filter((m) => m.idx.every((i) => i >= 0 && U.has(i)));
  if (methods.length) {
    const hits = new Bitset(cat.size);
    for (const m of methods) for (const i of m.idx) hits.add(i);
    // Conditional only if each method has at least one conditional action.
    const f = finding(cat, eff, 'PrivilegeEscalation', hits, {
      methods: methods.map((m) => ({ id: m.id, actions: m.actions, description: m.description })),
    });
    const anyClean = methods.some((m) => m.idx.every((i) => !eff.conditional.has(i)));
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
    const low = LOW_IMPACT_ACTIONS[category];
    if (low && n <= low.length && f.actions.every((a) => low.some((x) => x.toLowerCase() === a.toLowerCase())))
      f.severity = 'low';
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
    f.grantedBy = [...wildcardBy].slice(0, 8);
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
