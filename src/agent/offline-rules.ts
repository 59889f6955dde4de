import { iamPathRules } from './offline-rules-iam';

/**
 * The offline planner's rules (data): a question pattern and the tool calls it maps to. Used when
 * no Anthropic key is configured. Each rule's `plan` returns the tool calls, in order.
 */
import { crowdstrikeRules } from './offline-rules-crowdstrike';

export interface PlannedCall {
  tool: string;
  input: Record<string, unknown>;
}

export interface OfflineRule {
  id: string;
  /** Example question, shown in `trailhound ask --help` and the offline answer's hints. */
  example: string;
  match(question: string): PlannedCall[] | null;
}

const KEY = /\b((?:AKIA|ASIA)[A-Z0-9]{16})\b/;

/** "today", "this week", "in the last 3 days", "past 12 hours", "yesterday" → a duration. */
export function windowFrom(question: string): string | undefined {
  const q = question.toLowerCase();
  const m = /(?:last|past)\s+(\d+)\s*(minute|min|hour|hr|h|day|d|week|w)s?\b/.exec(q);
  if (m) {
    const unit = m[2]!.startsWith('min') ? 'm' : m[2]!.startsWith('h') ? 'h' : m[2]!.startsWith('d') ? 'd' : 'w';
    return `${m[1]}${unit}`;
  }
  if (/\btoday\b|\blast 24 ?h|\bpast day\b|\blast day\b/.test(q)) return '24h';
  if (/\byesterday\b/.test(q)) return '48h';
  if (/\bthis week\b|\blast week\b|\bpast week\b/.test(q)) return '7d';
  if (/\bthis month\b|\blast month\b/.test(q)) return '30d';
  return undefined;
}

export const offlineRules: OfflineRule[] = [
  ...crowdstrikeRules,
  {
    id: 'activity-by-key',
    example: 'what did AKIAIOSFODNN7EXAMPLE do this week?',
    match(q) {
      const k = KEY.exec(q);
      if (!k || !/\b(what|did|do|activity|doing|done|show|calls|use[ds]?)\b/i.test(q)) return null;
      return [{ tool: 'cloudtrail_search', input: { access_key_id: k[1], last: windowFrom(q) ?? '7d' } }];
    },
  },
  {
    id: 'activity-by-user',
    example: 'what did ci-legacy do in the last 3 days?',
    match(q) {
      const m =
        /\bwhat\s+(?:did|has)\s+(?:the\s+)?(?:iam\s+)?(?:user\s+|role session\s+)?([\w+=,.@-]{1,128})\s+(?:do|done|been doing)\b/i.exec(
          q,
        );
      // An access key or an address is not a user name ("what did 185.220.101.34 do?" is the
      // search tool's own suggestion): those go to their own rules.
      if (
        !m ||
        KEY.test(m[1]!) ||
        // A pronoun is not a user: without a chat's memory, "what did it do?" is not understood (the
        // answer lists phrasings) rather than answered "no events for it".
        /^(?:it|they|them|he|she|this|that|those|these|we|you|i)$/i.test(m[1]!) ||
        /^(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?$|^[0-9a-f]*:[0-9a-f:]+(?:\/\d{1,3})?$/i.test(m[1]!)
      )
        return null;
      return [{ tool: 'cloudtrail_search', input: { user_name: m[1], last: windowFrom(q) ?? '7d' } }];
    },
  },
  {
    id: 'map-identity',
    example: 'map jane.doe@example.com to their AWS sessions',
    match(q) {
      const email = /\b([\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+)\b/.exec(q);
      const named =
        /\bmap\s+(?:the\s+)?(?:user\s+|person\s+)?([\w+=,.@-]{2,128}?)\s+to\b/i.exec(q) ??
        // "which sessions belong to jdoe?" (docs/identity-and-threats.md asks it this way too)
        /\b(?:sessions?|keys?)\s+(?:belong|belongs|belonged)\s+to\s+(?:the\s+)?(?:user\s+|person\s+)?([\w+=,.@-]{2,128}?)[\s?.!]*$/i.exec(
          q,
        );
      const who =
        email?.[1] ??
        (named &&
        !/^(out|our|my|the|this|that|it|all|everything|network|exposure|attack|risks?|resources?)$/i.test(named[1]!)
          ? named[1]
          : undefined);
      if (!who || !/\b(map|sessions?|identit\w*|belongs?|pivot|logged in as)\b/i.test(q)) return null;
      const last = windowFrom(q);
      return [{ tool: 'map_identity', input: last ? { identity: who, last } : { identity: who } }];
    },
  },
  {
    id: 'auth-model',
    example: 'how do people authenticate to this account?',
    match(q) {
      const how =
        /\bhow\s+(?:do|does|are|is)\s+(?:people|users|humans|engineers|employees|admins|machines|we|ci|everyone|anyone|the team)\b.*\b(authenticat\w*|log\s*(?:s\s*)?in|sign\s*(?:s\s*)?in|get access|access (?:the|this|our) account)/i.test(
          q,
        );
      const model = /\b(auth(?:entication)?\s+model|identity\s+model|who\s+(?:uses|still uses)\s+iam\s+users)\b/i.test(
        q,
      );
      if (!how && !model) return null;
      const last = windowFrom(q);
      return [{ tool: 'discover_auth_model', input: last ? { last } : {} }];
    },
  },
  {
    id: 'activity-from-ip',
    example: 'what happened from 185.220.101.34?',
    match(q) {
      const v4 = /\b((?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?)(?![\d.])/.exec(q);
      const v6 = /(?:^|[\s(])((?:[0-9a-f]{1,4}:){2,7}[0-9a-f:]{0,29}(?:\/\d{1,3})?)(?=$|[\s?.,)])/i.exec(q);
      const ip = v4?.[1] ?? v6?.[1];
      if (!ip || !/\b(from|by|ip|address|source|happen\w*|activity|calls?|did|done)\b/i.test(q)) return null;
      return [{ tool: 'cloudtrail_search', input: { source_ip: ip, last: windowFrom(q) ?? '7d' } }];
    },
  },
  {
    id: 'who-called-api',
    example: 'who called StopLogging or DeleteTrail this week?',
    match(q) {
      if (
        !/\b(who\s+(?:called|invoked|ran|made)|calls?\s+to|any|were\s+there|show)\b/i.test(q) &&
        !/\b(events?|calls?)\b/i.test(q)
      )
        return null;
      const names = [...q.matchAll(/\b([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)\b/g)]
        .map((m) => m[1]!)
        .filter((n) => !/^(AKIA|ASIA)/.test(n));
      if (!names.length || !/\b(who\s+(?:called|invoked|ran|made)|calls?\s+to|events?)\b/i.test(q)) return null;
      return [
        {
          tool: 'cloudtrail_search',
          input: { event_names: [...new Set(names)].slice(0, 10), last: windowFrom(q) ?? '7d' },
        },
      ];
    },
  },
  // Privilege-graph questions (src/agent/offline-rules-iam.ts) come before the per-principal rules.
  ...iamPathRules,
  {
    id: 'analyze-role',
    example: 'is the AdminRole over-privileged?',
    match(q) {
      const NAME = String.raw`([\w+=,.@:/-]{1,200}?)`;
      const KIND = String.raw`(?:(role|user|group)\s+)?`;
      const patterns = [
        new RegExp(
          String.raw`\b(?:is|are)\s+(?:the\s+)?(?:iam\s+)?${KIND}${NAME}\s+(?:(?:role|user|group)\s+)?(?:over[- ]?privileged|too (?:powerful|permissive)|(?:an?\s+)?admin\b|risky|dangerous)`,
          'i',
        ),
        new RegExp(
          String.raw`\bwhat\s+(?:permissions|access|privileges|rights)\s+(?:does|do|has)\s+(?:the\s+)?(?:iam\s+)?${KIND}${NAME}\s+(?:(?:role|user|group)\s+)?(?:have|got|hold)\b`,
          'i',
        ),
        new RegExp(String.raw`\bwho\s+can\s+assume\s+(?:the\s+)?()${NAME}(?:\s+role)?\s*\??$`, 'i'),
        new RegExp(
          String.raw`\b(?:analy[sz]e|audit|review)\s+(?:the\s+)?(?:iam\s+)?${KIND}${NAME}(?:\s+(?:role|user|group))?\s*\??$`,
          'i',
        ),
      ];
      for (const re of patterns) {
        const m = re.exec(q.trim());
        if (!m) continue;
        const name = m[2]!.replace(/[?.!,]+$/, '');
        if (
          !name ||
          /^(it|this|that|they|there|roles|users|groups|principals|my|our|any|all|most|the|which|who|what)$/i.test(name)
        )
          continue;
        const kind = (m[1] || undefined) as string | undefined;
        return [{ tool: 'analyze_role', input: kind ? { name, principal_type: kind.toLowerCase() } : { name } }];
      }
      return null;
    },
  },
  {
    id: 'riskiest-roles',
    example: 'which roles are riskiest?',
    match(q) {
      const ranking =
        /\b(riskiest|most (?:risky|dangerous|privileged|powerful)|highest[- ]risk|over[- ]?privileged|rank\w*\b.*\brisk)\b/i.test(
          q,
        );
      const escalate = /\b(who|which)\b.*\b(escalate|privilege escalation)\b/i.test(q);
      const admins = /\b(which|who|list)\b.*\b(roles?|users?|principals?)\b.*\b(are |have |is )?(full )?admin/i.test(q);
      if (!ranking && !escalate && !admins) return null;
      const types = /\bprincipals?|identities|everyone|anyone\b/i.test(q)
        ? ['role', 'user', 'group']
        : [/\broles?\b/i.test(q) && 'role', /\busers?\b/i.test(q) && 'user', /\bgroups?\b/i.test(q) && 'group'].filter(
            Boolean,
          );
      const input: Record<string, unknown> = {
        principal_types: types.length ? types : escalate ? ['role', 'user', 'group'] : ['role'],
      };
      if (escalate) input.categories = ['PrivilegeEscalation'];
      else if (admins && !ranking) input.categories = ['FullAdmin'];
      return [{ tool: 'analyze_roles', input }];
    },
  },
  {
    id: 'posture-scan',
    example: 'run a posture scan',
    match(q) {
      const hit =
        /\b(posture|compliance|compliant|cis|benchmark|misconfigur\w*|hygiene)\b/i.test(q) ||
        /\b(biggest|top|main|largest|worst)\s+(security\s+)?(risks?|issues|problems|gaps|holes)\b/i.test(q) ||
        /\b(run|do|start)\b.*\bscan\b|\bscan\b.*\b(account|aws|everything|us)\b/i.test(q) ||
        /\bsecurity (findings|issues|gaps|holes|risks?)\b/i.test(q);
      if (!hit) return null;
      const input: Record<string, unknown> = {};
      if (/\bcritical\b/i.test(q)) input.min_severity = 'critical';
      else if (/\b(biggest|top|main|worst|high)\b/i.test(q)) input.min_severity = 'high';
      return [{ tool: 'posture_scan', input }];
    },
  },
];
