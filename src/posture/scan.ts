/**
 * A posture scan of one account snapshot (pure): rule outcomes, findings, counts by severity, the
 * CIS score per section, and which rules each warning left unchecked.
 */
import { evaluateRules } from './engine';
import type { SnapshotWarning } from './regional';
import {
  type RuleDefinition,
  type RuleFinding,
  type RuleOutcome,
  type Severity,
  SEVERITIES,
  SEVERITY_RANK,
} from './rule';
import type { AccountSnapshot } from './snapshot';

export const CIS_SECTIONS: Record<string, string> = {
  '1': 'Identity and Access Management',
  '2': 'Storage',
  '3': 'Logging',
  '4': 'Monitoring',
  '5': 'Networking',
};

export interface ScanFinding extends RuleFinding {
  ruleId: string;
  title: string;
  severity: Severity;
  cis?: string;
}

export interface CisSectionScore {
  section: string;
  name: string;
  passed: number;
  failed: number;
  notChecked: number;
  /** passed / (passed + failed) × 100, null when nothing was checked. */
  score: number | null;
  failedControls: string[];
}

export interface AccountScan {
  account: string;
  accountId: string;
  complete: boolean;
  outcomes: RuleOutcome[];
  findings: ScanFinding[];
  bySeverity: Record<Severity, number>;
  checkedRules: string[];
  partialRules: string[];
  notCheckedRules: { id: string; missing: string[] }[];
  cis: CisSectionScore[];
  warnings: SnapshotWarning[];
}

export function cisScores(outcomes: RuleOutcome[]): CisSectionScore[] {
  const controls = new Map<string, { failed: boolean; checked: boolean }>();
  for (const o of outcomes) {
    if (!o.rule.cis) continue;
    const c = controls.get(o.rule.cis) ?? { failed: false, checked: true };
    if (o.findings.length) c.failed = true;
    if (o.status === 'not_checked') c.checked = false;
    controls.set(o.rule.cis, c);
  }
  return Object.entries(CIS_SECTIONS).map(([section, name]) => {
    const mine = [...controls.entries()].filter(([id]) => id.split('.')[0] === section);
    const failed = mine.filter(([, c]) => c.failed);
    const passed = mine.filter(([, c]) => !c.failed && c.checked);
    const notChecked = mine.filter(([, c]) => !c.failed && !c.checked);
    const denom = passed.length + failed.length;
    return {
      section,
      name,
      passed: passed.length,
      failed: failed.length,
      notChecked: notChecked.length,
      score: denom ? Math.round((passed.length / denom) * 100) : null,
      failedControls: failed.map(([id]) => id).sort(),
    };
  });
}

/** Which rules each warning left unchecked or partial (by the snapshot parts they need). */
export function attributeWarnings(warnings: SnapshotWarning[], outcomes: RuleOutcome[]): SnapshotWarning[] {
  return warnings.map((w) => {
    const parts = w.parts ?? [];
    const affected = outcomes
      .filter(
        (o) =>
          o.status !== 'checked' &&
          o.rule.needs.some((n) => parts.includes(n.replace(/^region\./, '')) || parts.includes(n)),
      )
      .map((o) => o.rule.id);
    return affected.length ? { ...w, rulesAffected: affected } : w;
  });
}

export function scanSnapshot(snapshot: AccountSnapshot, rules: RuleDefinition[]): AccountScan {
  const outcomes = evaluateRules(rules, snapshot);
  const findings: ScanFinding[] = outcomes
    .flatMap((o) =>
      o.findings.map((f) => ({
        ...f,
        ruleId: o.rule.id,
        title: o.rule.title,
        severity: o.rule.severity,
        cis: o.rule.cis,
      })),
    )
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        a.ruleId.localeCompare(b.ruleId) ||
        a.resourceId.localeCompare(b.resourceId),
    );
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]),
  ) as Record<Severity, number>;
  return {
    account: snapshot.account.name,
    accountId: snapshot.account.accountId,
    complete: snapshot.complete,
    outcomes,
    findings,
    bySeverity,
    checkedRules: outcomes.filter((o) => o.status === 'checked').map((o) => o.rule.id),
    partialRules: outcomes.filter((o) => o.status === 'partial').map((o) => o.rule.id),
    notCheckedRules: outcomes
      .filter((o) => o.status === 'not_checked')
      .map((o) => ({ id: o.rule.id, missing: o.missing })),
    cis: cisScores(outcomes),
    warnings: attributeWarnings(snapshot.warnings, outcomes),
  };
}
