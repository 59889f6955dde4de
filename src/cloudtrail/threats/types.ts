/**
 * Types of the threat catalog (pure data) and of the tags it produces on CloudTrail events.
 */
import type { PredicateName } from './predicates';

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** MITRE ATT&CK (Enterprise, cloud/IaaS matrix) tactics used by the catalog. */
export const TACTICS = {
  'resource-development': { id: 'TA0042', name: 'Resource Development' },
  'initial-access': { id: 'TA0001', name: 'Initial Access' },
  execution: { id: 'TA0002', name: 'Execution' },
  persistence: { id: 'TA0003', name: 'Persistence' },
  'privilege-escalation': { id: 'TA0004', name: 'Privilege Escalation' },
  'defense-evasion': { id: 'TA0005', name: 'Defense Evasion' },
  'credential-access': { id: 'TA0006', name: 'Credential Access' },
  discovery: { id: 'TA0007', name: 'Discovery' },
  'lateral-movement': { id: 'TA0008', name: 'Lateral Movement' },
  collection: { id: 'TA0009', name: 'Collection' },
  exfiltration: { id: 'TA0010', name: 'Exfiltration' },
  impact: { id: 'TA0040', name: 'Impact' },
} as const;
export type TacticKey = keyof typeof TACTICS;

/** A severity change (or gate) decided by the request parameters, named by a predicate. */
export interface Refinement {
  when: PredicateName;
  severity: Severity;
  /** Replaces the entry title when the predicate holds. */
  title?: string;
}

export interface CatalogEntry {
  /** Stable rule id, e.g. `defense-evasion.cloudtrail-stop-logging`. */
  id: string;
  eventSource: string;
  eventNames: readonly string[];
  tactic: TacticKey;
  /** ATT&CK technique id, e.g. T1562.008. */
  technique: string;
  techniqueName: string;
  /** Severity when no refinement applies. */
  severity: Severity;
  title: string;
  /** Why it matters, for an analyst, in one or two sentences. */
  why: string;
  /** Tag only when this predicate holds (e.g. ConsoleLogin without MFA). */
  requires?: PredicateName;
  /** First matching refinement wins. */
  refine?: readonly Refinement[];
  /** Checked on every event whatever its name and source (eventNames is ["*"]): a pattern of the caller, not of an API. */
  anyEvent?: boolean;
  /** What to do with a failed call (errorCode set): tag one level lower (default), keep, or skip. */
  onError?: 'downgrade' | 'keep' | 'skip';
}

export interface ThreatTag {
  /** Which catalog rule (or sequence detector) produced the tag. */
  ruleId: string;
  /** Tactic name, e.g. "Defense Evasion". */
  tactic: string;
  /** Tactic id, e.g. TA0005. */
  tacticId: string;
  /**
   * Every ATT&CK tactic the technique belongs to (T1098 is Persistence and Privilege Escalation),
   * the rule's own tactic first — filter by any of them.
   */
  tactics?: { id: string; name: string }[];
  /** Technique id, e.g. T1562.008. */
  technique: string;
  techniqueName: string;
  severity: Severity;
  title: string;
  why: string;
  /** What in the request decided the severity (bounded, sanitised attacker-controlled text). */
  detail?: string;
  /** The call failed (errorCode); the tag records an attempt. */
  attempted?: boolean;
}
