/**
 * Chat follow-ups for the offline planner (pure): the last entity a CloudTrail question was about
 * (key, user, IP, window) is remembered, so "what did it do in eu-west-1?" searches that key in
 * that region instead of a user named "it", and "show me the timeline" repeats the last search.
 * When the question named no entity ("who called StopLogging?"), the entity is the principal the
 * answer led with (its key), so "what else did they do?" follows the caller.
 */
import type { PlannedCall } from './offline-rules';
import { windowFrom } from './offline-rules';

const ENTITY_KEYS = ['access_key_id', 'user_name', 'principal_arn', 'source_ip', 'role_session_name'] as const;

export interface ChatMemory {
  /** The last cloudtrail_search call the conversation made ("show me the timeline" repeats it). */
  lastSearch?: Record<string, unknown>;
  /** What "it", "they", "the key" refer to: entity filters of a search, and its window. */
  entity?: Record<string, unknown>;
  /** The IAM user (or role session) name behind the entity, when an answer named it. */
  owner?: string;
}

/** The `who` entries of a cloudtrail_search result, as the planner reads them. */
interface WhoLike {
  principal?: string;
  name?: string;
  accessKeyIds?: string[];
}

const PRONOUN =
  /\b(it|they|them|their|that key|this key|the key|that user|this user|that ip|this ip|that address|the same)\b/i;
const REGION = /\b([a-z]{2}(?:-gov)?-[a-z]+-\d)\b/;
const KEY_STATUS = /\b(still\s+active|active|disabled|rotated|who\s+owns|owner|belong)/i;

/**
 * Remembers what a planned call was about; `who` (the result's principals) names the entity when
 * the call had none, and the owner of a key.
 */
export function remember(memory: ChatMemory, plan: PlannedCall[] | null | undefined, who?: readonly WhoLike[]): void {
  const call = plan?.find((c) => c.tool === 'cloudtrail_search');
  if (!call) return;
  memory.lastSearch = { ...call.input };
  const window = call.input.last !== undefined ? { last: call.input.last } : {};
  const lead = who?.[0];
  if (ENTITY_KEYS.some((k) => call.input[k] !== undefined)) {
    const filters = Object.fromEntries(
      ENTITY_KEYS.filter((k) => call.input[k] !== undefined).map((k) => [k, call.input[k]]),
    );
    const same = memory.entity && ENTITY_KEYS.every((k) => memory.entity![k] === filters[k]);
    // A narrower look at the same entity (a region, an empty answer) keeps its window and owner.
    memory.entity = { ...filters, ...(same ? { last: memory.entity!.last } : {}), ...window };
    // The owner of a searched key (or ARN) is the principal the answer found for it.
    if (lead?.name && (who?.length ?? 0) === 1) memory.owner = lead.name;
    else if (typeof call.input.user_name === 'string') memory.owner = call.input.user_name;
    else if (!same) memory.owner = undefined;
    return;
  }
  if (!lead) return;
  const key = lead.accessKeyIds?.find((k) => /^AKIA/.test(k));
  if (key) memory.entity = { access_key_id: key, ...window };
  else if (lead.principal?.startsWith('arn:')) memory.entity = { principal_arn: lead.principal, ...window };
  else return;
  memory.owner = lead.name;
}

/**
 * A plan for a follow-up that refers to the remembered entity, or null. The region and window of
 * the new question apply; the rest of the last search is kept.
 */
export function followUp(memory: ChatMemory, question: string): PlannedCall[] | null {
  const q = question.trim();
  if (memory.lastSearch && /^(?:show|give)\s+(?:me\s+)?the\s+timeline\b|^timeline\??$/i.test(q))
    return [{ tool: 'cloudtrail_search', input: { ...memory.lastSearch } }];
  const entity = memory.entity;
  if (!entity || !PRONOUN.test(q)) return null;
  const filters = Object.fromEntries(ENTITY_KEYS.filter((k) => entity[k] !== undefined).map((k) => [k, entity[k]]));
  const region = REGION.exec(q)?.[1];
  const search: PlannedCall = {
    tool: 'cloudtrail_search',
    input: {
      ...filters,
      ...(region ? { regions: [region] } : {}),
      last: windowFrom(q) ?? entity.last ?? '7d',
    },
  };
  // "Is the key still active and who owns it?": its use (CloudTrail) and its owner's IAM user,
  // keys and credentials (map_identity reads the IAM snapshot and credential report).
  if (KEY_STATUS.test(q) && memory.owner) return [search, { tool: 'map_identity', input: { identity: memory.owner } }];
  return [search];
}
