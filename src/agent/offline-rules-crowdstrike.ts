/**
 * Offline planner rules for CrowdStrike questions (data): "what AWS activity is related to
 * CrowdStrike alert …" and "… host …" → crowdstrike_correlate. Kept apart from offline-rules.ts
 * so each integration's phrasing lives with it.
 */
import type { OfflineRule } from './offline-rules';

const FALCON = /\b(crowdstrike|falcon)\b/i;
/** A composite id (cid:ind:aid:…), an aggregate id (aggind:…), or another alert id token. */
const ALERT =
  /\b(?:alert|detection)\s+(?:id\s+)?([\w-]{2,64}:(?:ind|aggind)?[\w:.-]{2,190}|aggind:[\w:.-]{2,190}|[a-f0-9]{32}:[\w:.-]{2,190})/i;
const ON_HOST = /\b(?:on|for|from)\s+(?:the\s+)?([A-Za-z0-9][\w.-]{1,62})/i;
const HOST = /\b(?:host|hostname|laptop|endpoint|device|machine|workstation)\s+(?:named\s+)?([A-Za-z0-9][\w.-]{0,62})/i;

export const crowdstrikeRules: OfflineRule[] = [
  {
    id: 'crowdstrike-correlate',
    example: 'what AWS activity is related to CrowdStrike host LT-JDOE-01?',
    match(q) {
      if (!FALCON.test(q)) return null;
      const detections = /\b(detections?|alerts?)\b/i.test(q);
      if (!detections && !/\b(aws|activity|related|sessions?|cloudtrail|correlat\w*|linked)\b/i.test(q)) return null;
      const alert = ALERT.exec(q)?.[1]?.replace(/[?.,!]+$/, '');
      if (alert) return [{ tool: 'crowdstrike_correlate', input: { alert_id: alert } }];
      // "… host LT-01", or "detections on LT-01"
      const host = (HOST.exec(q)?.[1] ?? (detections ? ON_HOST.exec(q)?.[1] : undefined))?.replace(/[?.,!]+$/, '');
      if (host && !/^(is|the|that|this|and|or|in|on|of|aws|any|it|my|our|all)$/i.test(host))
        return [{ tool: 'crowdstrike_correlate', input: { host } }];
      return null;
    },
  },
];
