/**
 * Every ATT&CK (Enterprise) tactic each technique the catalog uses belongs to, as listed on the
 * technique's page at attack.mitre.org (a technique can serve several tactics: T1078 Valid
 * Accounts is Initial Access, Persistence, Privilege Escalation and Defense Evasion). A tag
 * carries all of them so an analyst filtering by tactic does not miss it. Sub-techniques inherit
 * their parent's tactics unless listed.
 */
import { TACTICS, type TacticKey } from './types';

export const TECHNIQUE_TACTICS: Record<string, readonly TacticKey[]> = {
  T1021: ['lateral-movement'], // Remote Services
  T1037: ['persistence', 'privilege-escalation'], // Boot or Logon Initialization Scripts
  T1069: ['discovery'], // Permission Groups Discovery
  T1078: ['defense-evasion', 'persistence', 'privilege-escalation', 'initial-access'], // Valid Accounts
  T1087: ['discovery'], // Account Discovery
  T1098: ['persistence', 'privilege-escalation'], // Account Manipulation
  T1110: ['credential-access'], // Brute Force
  T1136: ['persistence'], // Create Account
  T1484: ['defense-evasion', 'privilege-escalation'], // Domain or Tenant Policy Modification
  T1485: ['impact'], // Data Destruction
  T1486: ['impact'], // Data Encrypted for Impact
  T1490: ['impact'], // Inhibit System Recovery
  T1496: ['impact'], // Resource Hijacking
  T1525: ['persistence'], // Implant Internal Image
  T1526: ['discovery'], // Cloud Service Discovery
  T1528: ['credential-access'], // Steal Application Access Token
  T1531: ['impact'], // Account Access Removal
  T1537: ['exfiltration'], // Transfer Data to Cloud Account
  T1552: ['credential-access'], // Unsecured Credentials
  T1555: ['credential-access'], // Credentials from Password Stores
  T1556: ['credential-access', 'defense-evasion', 'persistence'], // Modify Authentication Process
  T1562: ['defense-evasion'], // Impair Defenses
  T1578: ['defense-evasion'], // Modify Cloud Compute Infrastructure
  T1580: ['discovery'], // Cloud Infrastructure Discovery
  T1583: ['resource-development'], // Acquire Infrastructure
  T1619: ['discovery'], // Cloud Storage Object Discovery
  T1648: ['execution'], // Serverless Execution
  T1651: ['execution'], // Cloud Administration Command
  T1666: ['defense-evasion', 'privilege-escalation'], // Modify Cloud Resource Hierarchy
};

/** The technique's tactics (its parent's for a sub-technique), or undefined when not in the table. */
export function tacticsOf(technique: string): readonly TacticKey[] | undefined {
  const t = TECHNIQUE_TACTICS[technique];
  if (t?.length) return t;
  const parent = technique.split('.')[0]!;
  return TECHNIQUE_TACTICS[parent];
}

/** All tactics of a tag: the rule's own first, then the technique's others. */
export function tagTactics(own: TacticKey, technique: string): { id: string; name: string }[] {
  const keys = [own, ...(tacticsOf(technique) ?? []).filter((k) => k !== own)];
  return keys.map((k) => ({ id: TACTICS[k].id, name: TACTICS[k].name }));
}
