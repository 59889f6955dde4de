/**
 * The offline planner's rules for the privilege graph (privilege_paths), kept in one place and
 * listed by src/agent/offline-rules.ts ahead of the per-principal IAM rules.
 */
import type { OfflineRule } from './offline-rules';

const NAME = String.raw`([\w+=,.@:/-]{1,200}?)`;
const NOT_A_NAME =
  /^(it|this|that|they|there|roles?|users?|groups?|principals?|anyone|someone|my|our|any|all|the|which|who|what|me|us|admin|administrator)$/i;

function clean(name: string | undefined): string | undefined {
  const n = name?.replace(/[?.!,]+$/, '');
  return n && !NOT_A_NAME.test(n) ? n : undefined;
}

export const iamPathRules: OfflineRule[] = [
  {
    id: 'who-can-become-admin',
    example: 'who can become admin?',
    match(q) {
      const hit =
        /\bwho\b.*\b(become|get|reach|escalate to|gain)\s+(an?\s+)?(full\s+)?(admin|administrator)\b/i.test(q) ||
        /\b(paths?|routes?|ways?)\s+to\s+(full\s+)?(admin|administrator)\b/i.test(q) ||
        /\bwhich\s+(principals?|users?|roles?)\s+can\s+(become|reach|escalate to)\s+(admin|administrator)\b/i.test(q);
      return hit ? [{ tool: 'privilege_paths', input: { question: 'who-can-become-admin' } }] : null;
    },
  },
  {
    id: 'how-could-x-escalate',
    example: 'how could ci-deployer escalate?',
    match(q) {
      const m =
        new RegExp(
          String.raw`\bhow\s+(?:could|can|would|might)\s+(?:the\s+)?(?:iam\s+)?(?:role\s+|user\s+)?${NAME}\s+(?:escalate|become\s+(?:an?\s+)?admin|reach\s+admin|get\s+admin)`,
          'i',
        ).exec(q.trim()) ??
        new RegExp(
          String.raw`\bwhat\s+(?:can|could)\s+(?:the\s+)?(?:iam\s+)?(?:role\s+|user\s+)?${NAME}\s+(?:become|assume|escalate\s+to|reach)\b`,
          'i',
        ).exec(q.trim()) ??
        new RegExp(
          String.raw`\b(?:privilege\s+|escalation\s+)paths?\s+(?:of|for|from)\s+(?:the\s+)?(?:role\s+|user\s+)?${NAME}\s*\??$`,
          'i',
        ).exec(q.trim());
      const principal = clean(m?.[1]);
      return principal ? [{ tool: 'privilege_paths', input: { question: 'what-can-become', principal } }] : null;
    },
  },
  {
    id: 'who-can-reach-x',
    example: 'who can reach AdminRole?',
    match(q) {
      const m = new RegExp(
        String.raw`\bwho\s+(?:can|could)\s+(?:reach|become|get\s+to|escalate\s+to|take\s+over)\s+(?:the\s+)?(?:role\s+|user\s+)?${NAME}(?:\s+(?:role|user))?\s*\??$`,
        'i',
      ).exec(q.trim());
      const principal = clean(m?.[1]);
      return principal ? [{ tool: 'privilege_paths', input: { question: 'who-can-reach', principal } }] : null;
    },
  },
];
