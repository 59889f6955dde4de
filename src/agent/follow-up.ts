/**
 * Chat follow-ups for the offline planner (pure): the last entity a CloudTrail question was about
 * (key, user, IP, window) is remembered, so "what did it do in eu-west-1?" searches that key in
 * that region instead of a user named "it", and "show me the timeline" repeats the last search.
 */
import type { PlannedCall } from './offline-rules';
import { windowFrom } from './offline-rules';

const ENTITY_KEYS = ['access_key_id', 'user_name', 'principal_arn', 'source_ip', 'role_session_name'] as const;

export interface ChatMemory {
  /** The last cloudtrail_search call the conversation made. */
  lastSearch?: Record<string, unknown>;
}

const PRONOUN =
  /\b(it|they|them|that key|this key|the key|that user|this user|that ip|this ip|that address|the same)\b/i;
const REGION = /\b([a-z]{2}(?:-gov)?-[a-z]+-\d)\b/;

/** Remembers what a planned call was about. */
export function remember(memory: ChatMemory, plan: PlannedCall[] | null | undefined): void {
  const call = plan?.find((c) => c.tool === 'cloudtrail_search');
  if (call && ENTITY_KEYS.some((k) => call.input[k] !== undefined)) memory.lastSearch = { ...call.input };
}

/**
 * A plan for a follow-up that refers to the remembered entity, or null. The region and window of
 * the new question apply; the rest of the last search is kept.
 */
export function followUp(memory: ChatMemory, question: string): PlannedCall[] | null {
  const last = memory.lastSearch;
  if (!last) return null;
  const q = question.trim();
  if (/^(?:show|give)\s+(?:me\s+)?the\s+timeline\b|^timeline\??$/i.test(q))
    return [{ tool: 'cloudtrail_search', input: { ...last } }];
  if (!PRONOUN.test(q)) return null;
  const entity = Object.fromEntries(ENTITY_KEYS.filter((k) => last[k] !== undefined).map((k) => [k, last[k]]));
  const region = REGION.exec(q)?.[1];
  return [
    {
      tool: 'cloudtrail_search',
      input: {
        ...entity,
        ...(region ? { regions: [region] } : {}),
        last: windowFrom(q) ?? last.last ?? '7d',
      },
    },
  ];
}
