/**
 * Offline planner rules for the threat catalog's families (data): "did anyone stop cloudtrail?",
 * "who created access keys?", "any console logins without MFA today?", "was any EBS snapshot
 * shared?", "did anyone try to leave the organization?", "anything suspicious this week?". Each
 * maps to a cloudtrail_search by event names (and rule_ids where the family is decided by the
 * request, e.g. a login *without MFA*: the rule that tags it, so a root login with MFA is left out).
 */
import { type OfflineRule, type PlannedCall, windowFrom } from './offline-rules';

interface Family {
  id: string;
  example: string;
  /** The question mentions the family. */
  words: RegExp;
  eventNames: string[];
  /** Only the tagged events (the family is a property of the request, not of the API). */
  threatsOnly?: boolean;
  /** Only events tagged by these rules (a root login with MFA is not a login without MFA). */
  ruleIds?: string[];
}

export const THREAT_FAMILIES: Family[] = [
  {
    id: 'threat-cloudtrail-tampering',
    example: 'did anyone stop cloudtrail?',
    words:
      /\b(stop(?:ped|s)?|disabl\w*|delet\w*|turn\w* off|tamper\w*)\b.*\b(cloud\s*trail|trails?|logging)\b|\bstoplogging\b/i,
    eventNames: ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'],
  },
  {
    id: 'threat-access-keys',
    example: 'who created access keys?',
    words: /\b(creat\w*|new|made|mint\w*)\b.*\baccess\s*keys?\b/i,
    eventNames: ['CreateAccessKey'],
  },
  {
    id: 'threat-console-no-mfa',
    example: 'any console logins without MFA today?',
    words: /\b(console\s*(?:log\s*-?ins?|sign\s*-?ins?)|log\s*-?ins?|sign\s*-?ins?)\b.*\b(without|no|missing)\s+mfa\b/i,
    eventNames: ['ConsoleLogin'],
    ruleIds: ['initial-access.console-login-no-mfa'],
  },
  {
    id: 'threat-snapshot-share',
    example: 'was any EBS snapshot shared?',
    words:
      /\b(snapshots?|amis?|images?)\b.*\b(shar\w*|public|expos\w*)\b|\b(shar\w*|public)\b.*\b(snapshots?|amis?)\b/i,
    eventNames: [
      'ModifySnapshotAttribute',
      'ModifyImageAttribute',
      'ModifyDBSnapshotAttribute',
      'ModifyDBClusterSnapshotAttribute',
    ],
  },
  {
    id: 'threat-leave-organization',
    example: 'did anyone try to leave the organization?',
    words: /\bleav\w*\b.*\borg(?:ani[sz]ation)?\b|\bleaveorganization\b/i,
    eventNames: ['LeaveOrganization', 'RemoveAccountFromOrganization'],
  },
  {
    id: 'threat-flow-logs',
    example: 'were flow logs deleted?',
    words: /\bflow\s*logs?\b/i,
    eventNames: ['DeleteFlowLogs'],
  },
];

function planFor(f: Family, q: string): PlannedCall[] {
  return [
    {
      tool: 'cloudtrail_search',
      input: {
        event_names: f.eventNames,
        ...(f.threatsOnly ? { threats_only: true } : {}),
        ...(f.ruleIds ? { rule_ids: f.ruleIds } : {}),
        last: windowFrom(q) ?? '7d',
      },
    },
  ];
}

export const threatRules: OfflineRule[] = [
  ...THREAT_FAMILIES.map((f) => ({
    id: f.id,
    example: f.example,
    match: (q: string) => (f.words.test(q) ? planFor(f, q) : null),
  })),
  {
    id: 'threat-anything-suspicious',
    example: 'anything suspicious this week?',
    match(q) {
      if (
        !/\b(suspicious|malicious|threats?|attacks?|compromis\w*|anything (?:bad|odd|unusual|dangerous)|show me the timeline)\b/i.test(
          q,
        )
      )
        return null;
      return [
        {
          tool: 'cloudtrail_search',
          input: { threats_only: true, min_severity: 'medium', last: windowFrom(q) ?? '7d' },
        },
      ];
    },
  },
];
