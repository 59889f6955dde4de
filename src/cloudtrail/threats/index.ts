/**
 * Threat tagging of CloudTrail events (pure). Public API:
 *   - tagEvent(e, { knownBad }?)  → ThreatTag[] for one event (catalog rules + known-bad source IP)
 *   - discoveryBursts(events)     → enumeration bursts per principal
 *   - newSourceIps(events)        → first use of a new public IP by a principal with history
 *   - sequenceTags(events)        → Map<eventId, ThreatTag[]> of the two detectors above
 *   - THREAT_CATALOG              → the rules (data)
 */
export { THREAT_CATALOG } from './catalog';
export { tagEvent, maxSeverity, entriesFor, KNOWN_BAD_RULE_ID, type TagOptions } from './tag';
export {
  discoveryBursts,
  newSourceIps,
  sequenceTags,
  isDiscoveryCall,
  DISCOVERY_BURST_RULE_ID,
  NEW_IP_RULE_ID,
  NEW_IP_LOGIN_RULE_ID,
  type DiscoveryBurst,
  type NewSourceIp,
  type BurstOptions,
  type NewIpOptions,
} from './sequences';
export {
  type ThreatTag,
  type Severity,
  type CatalogEntry,
  type TacticKey,
  SEVERITIES,
  TACTICS,
  severityRank,
} from './types';
