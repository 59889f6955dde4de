/**
 * Runs rules over one account snapshot (pure). A rule whose IAM or IdP input is missing is "not
 * checked" (its evaluate is not even run); one whose regional input is missing in some regions
 * runs over the regions that were read and is "partial". A rule that throws is "not checked" with
 * the error, so one bad rule never hides the others.
 */
import type { IamSnapshotPart } from '../iam/snapshot';
import type { GlobalPart } from './global';
import type { RegionPart } from './regional';
import type { RuleDefinition, RuleOutcome } from './rule';
import { type AccountSnapshot, hasGlobal, hasIam, regionsMissing } from './snapshot';

export function missingInputs(rule: RuleDefinition, s: AccountSnapshot): { fatal: string[]; regional: string[] } {
  const fatal: string[] = [];
  const regional: string[] = [];
  for (const need of rule.needs) {
    if (need === 'idp') {
      if (!s.idp)
        fatal.push(
          s.idpState === 'not-configured' ? 'idp (no identity provider configured)' : 'idp (could not be read)',
        );
    } else if (need.startsWith('iam.')) {
      const part = need.slice(4) as IamSnapshotPart;
      if (!hasIam(s, part)) fatal.push(need);
    } else if (need.startsWith('global.')) {
      if (!hasGlobal(s, need.slice(7) as GlobalPart)) fatal.push(need);
    } else {
      const part = need.slice(7) as RegionPart;
      const miss = regionsMissing(s, part);
      if (miss.length === s.account.regions.length && miss.length > 0) fatal.push(`${need} (all regions)`);
      else if (miss.length) regional.push(`${need} (${miss.join(', ')})`);
    }
  }
  return { fatal, regional };
}

export function evaluateRule(rule: RuleDefinition, s: AccountSnapshot): RuleOutcome {
  const started = performance.now();
  const { fatal, regional } = missingInputs(rule, s);
  if (fatal.length) return { rule, status: 'not_checked', findings: [], missing: [...fatal, ...regional], ms: 0 };
  try {
    const out = rule.evaluate(s);
    const findings = Array.isArray(out) ? out : out.findings;
    const unchecked = Array.isArray(out) ? [] : out.unchecked;
    // One finding per resource per rule: the history key is (account, rule, resource).
    const seen = new Set<string>();
    const unique = findings.filter((f) => (seen.has(f.resourceId) ? false : (seen.add(f.resourceId), true)));
    const missing = [...regional, ...unchecked];
    return {
      rule,
      status: missing.length ? 'partial' : 'checked',
      findings: unique,
      missing,
      ms: performance.now() - started,
    };
  } catch (err) {
    return {
      rule,
      status: 'not_checked',
      findings: [],
      missing: [`rule error: ${(err as Error).message}`],
      ms: performance.now() - started,
    };
  }
}

export function evaluateRules(rules: RuleDefinition[], s: AccountSnapshot): RuleOutcome[] {
  return rules.map((r) => evaluateRule(r, s));
}
