/**
 * Correlating an endpoint alert with AWS activity (pure). Indicators come from the Falcon alert
 * and host: the host's IPs (external = what AWS sees for calls from the laptop; local = seen only
 * for calls through VPC endpoints or from inside AWS), and the people on it (alert user, last
 * logged-in user, host email). CloudTrail records are fed with add(); result() reports
 *  - activity from the host's IPs, grouped by principal and access key, with times relative to
 *    the alert;
 *  - the people's AWS sessions (through map_identity's IdentityMapper: Identity Center, SAML,
 *    web identity, role session names, IAM users);
 *  - the overlap: sessions that are the person's AND used the host's IP (strongest), then either.
 * Every string from an alert or a record is data.
 */
import type { CloudTrailRecord } from '../cloudtrail/record';
import { normalise } from '../cloudtrail/record';
import { ipMatcher } from '../cloudtrail/ip-match';
import { IdentityMapper, type MappedSession, parseIdentity } from '../identity/map-identity';
import type { FalconAlert, FalconHost } from './types';

export type IpKind = 'external_ip' | 'local_ip' | 'connection_ip' | 'given';

export interface Indicators {
  ips: { ip: string; kind: IpKind }[];
  /** Emails or user names, as the alert and host give them (domain prefixes removed). */
  users: string[];
  /** The alert's time (activity timestamp), when correlating an alert. */
  alertTime?: number;
  hostnames: string[];
}

/** `CORP\jdoe` → `jdoe`; `jdoe@corp.example` stays; empty, SYSTEM-like accounts dropped. */
export function userFromFalcon(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const s = v.trim().split('\\').pop()!.trim();
  if (!s || s.length < 2 || s.length > 256) return undefined;
  if (/^(system|local service|network service|root|administrator|admin|nt authority|\$)$/i.test(s)) return undefined;
  if (s.endsWith('$')) return undefined; // machine accounts
  if (!/^[\w+=,.@-]+$/.test(s)) return undefined;
  return s;
}

const isIp = (v: string | undefined): v is string => !!v && /^[0-9a-fA-F:.]{3,45}$/.test(v) && v !== '0.0.0.0';

export function indicatorsFrom(
  alerts: FalconAlert[],
  hosts: FalconHost[],
  extra: { users?: string[]; ips?: string[] },
) {
  const ips = new Map<string, IpKind>();
  const users = new Set<string>();
  const hostnames = new Set<string>();
  const addIp = (ip: string | undefined, kind: IpKind) => {
    if (isIp(ip) && !ips.has(ip)) ips.set(ip, kind);
  };
  for (const a of alerts) {
    addIp(a.device?.external_ip, 'external_ip');
    addIp(a.device?.local_ip, 'local_ip');
    for (const u of [a.user_principal, a.user_name]) {
      const x = userFromFalcon(u);
      if (x) users.add(x);
    }
    if (a.device?.hostname) hostnames.add(a.device.hostname);
  }
  for (const h of hosts) {
    addIp(h.external_ip, 'external_ip');
    addIp(h.connection_ip, 'connection_ip');
    addIp(h.local_ip, 'local_ip');
    for (const u of [h.email, h.last_login_user]) {
      const x = userFromFalcon(u);
      if (x) users.add(x);
    }
    if (h.hostname) hostnames.add(h.hostname);
  }
  for (const ip of extra.ips ?? []) addIp(ip, 'given');
  for (const u of extra.users ?? []) {
    const x = userFromFalcon(u);
    if (x) users.add(x);
  }
  const times = alerts.map((a) => Date.parse(a.timestamp ?? a.created_timestamp ?? '')).filter(Number.isFinite);
  return {
    ips: [...ips].map(([ip, kind]) => ({ ip, kind })),
    users: [...users],
    alertTime: times.length ? Math.min(...times) : undefined,
    hostnames: [...hostnames],
  } satisfies Indicators;
}

export interface IpActivity {
  ip: string;
  kind: IpKind;
  account: string;
  /** The principal behind the calls (role or IAM user ARN). */
  principalArn: string | null;
  callerArn: string | null;
  userName: string | null;
  accessKeyIds: string[];
  events: number;
  failedCalls: number;
  eventNames: { value: string; count: number }[];
  firstSeen: string;
  lastSeen: string;
  /** Minutes from the alert to the first call (negative = before the alert). */
  minutesFromAlert: number | null;
}

export type OverlapStrength = 'user-and-ip' | 'ip-only' | 'user-only';

export interface Overlap {
  strength: OverlapStrength;
  account: string;
  principal: string;
  sessionName: string | null;
  accessKeyIds: string[];
  firstSeen: string;
  lastSeen: string;
  minutesFromAlert: number | null;
  via: string[];
}

interface IpAcc {
  ip: string;
  kind: IpKind;
  principalArn: string | null;
  callerArn: string | null;
  userName: string | null;
  keys: Set<string>;
  events: number;
  failed: number;
  names: Map<string, number>;
  first: number;
  last: number;
}

const MAX_GROUPS = 2_000;

export class AlertCorrelator {
  private mappers: IdentityMapper[];
  private groups = new Map<string, IpAcc>();
  private matchers: { ip: string; kind: IpKind; test: (ip: string) => boolean }[];
  truncated = false;
  scanned = 0;

  constructor(
    readonly indicators: Indicators,
    private readonly account: { name: string; accountId: string },
  ) {
    this.mappers = indicators.users.flatMap((u) => {
      try {
        return [new IdentityMapper(parseIdentity(u), account)];
      } catch {
        return [];
      }
    });
    this.matchers = indicators.ips.map((x) => ({ ...x, test: ipMatcher(x.ip) }));
  }

  add(r: CloudTrailRecord): void {
    this.scanned++;
    for (const m of this.mappers) m.add(r);
    const src = r.sourceIPAddress;
    if (!src) return;
    const hit = this.matchers.find((m) => m.test(src));
    if (!hit) return;
    const e = normalise(r);
    if (!Number.isFinite(e.time)) return;
    const key = `${hit.ip}|${e.callerArn ?? e.principalArn ?? e.userName ?? e.identityType}`;
    let g = this.groups.get(key);
    if (!g) {
      if (this.groups.size >= MAX_GROUPS) {
        this.truncated = true;
        return;
      }
      g = {
        ip: hit.ip,
        kind: hit.kind,
        principalArn: e.principalArn,
        callerArn: e.callerArn,
        userName: e.userName,
        keys: new Set(),
        events: 0,
        failed: 0,
        names: new Map(),
        first: e.time,
        last: e.time,
      };
      this.groups.set(key, g);
    }
    g.events++;
    if (e.errorCode) g.failed++;
    if (e.accessKeyId && g.keys.size < 20) g.keys.add(e.accessKeyId);
    g.names.set(e.eventName, (g.names.get(e.eventName) ?? 0) + 1);
    g.first = Math.min(g.first, e.time);
    g.last = Math.max(g.last, e.time);
  }

  private minutes(t: number): number | null {
    return this.indicators.alertTime === undefined ? null : Math.round((t - this.indicators.alertTime) / 60_000);
  }

  result(): { ipActivity: IpActivity[]; sessions: (MappedSession & { user: string })[]; overlap: Overlap[] } {
    const ipActivity: IpActivity[] = [...this.groups.values()]
      .sort((a, b) => b.events - a.events)
      .map((g) => ({
        ip: g.ip,
        kind: g.kind,
        account: this.account.name,
        principalArn: g.principalArn,
        callerArn: g.callerArn,
        userName: g.userName,
        accessKeyIds: [...g.keys],
        events: g.events,
        failedCalls: g.failed,
        eventNames: [...g.names]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8)
          .map(([value, count]) => ({ value, count })),
        firstSeen: new Date(g.first).toISOString(),
        lastSeen: new Date(g.last).toISOString(),
        minutesFromAlert: this.minutes(g.first),
      }));
    const sessions = this.mappers.flatMap((m) => m.result().sessions.map((s) => ({ ...s, user: m.query.raw })));
    const overlap: Overlap[] = [];
    const coveredCallers = new Set<string>();
    for (const s of sessions) {
      const callerArn = s.kind === 'iam-user' ? s.principalArn : s.callerArn;
      if (callerArn) coveredCallers.add(callerArn);
      const fromHost = ipActivity.filter((a) => callerArn && a.callerArn === callerArn);
      const hostKeys = new Set(fromHost.flatMap((a) => a.accessKeyIds));
      const who = [
        `${s.user} (${s.matchedBy.join(', ')})`,
        ...(s.strength === 'name' ? ['name-only match: verify'] : []),
      ];
      const base = {
        account: s.account,
        principal: s.roleArn ?? s.principalArn ?? 'unknown',
        sessionName: s.sessionName,
      };
      if (fromHost.length) {
        const first = fromHost.map((a) => a.firstSeen).sort()[0]!;
        overlap.push({
          ...base,
          strength: 'user-and-ip',
          accessKeyIds: [...hostKeys].slice(0, 8),
          firstSeen: first,
          lastSeen: fromHost
            .map((a) => a.lastSeen)
            .sort()
            .at(-1)!,
          minutesFromAlert: this.minutes(Date.parse(first)),
          via: [...who, ...[...new Set(fromHost.map((a) => a.ip))].map((ip) => `from host IP ${ip}`)],
        });
      }
      // The same person's keys that were not seen from the host (another device, another day).
      const otherKeys = s.accessKeyIds.map((k) => k.value).filter((k) => !hostKeys.has(k));
      if (!fromHost.length || otherKeys.length) {
        const t = Date.parse(s.firstSeen);
        overlap.push({
          ...base,
          strength: 'user-only',
          accessKeyIds: otherKeys.slice(0, 8),
          firstSeen: s.firstSeen,
          lastSeen: s.lastSeen,
          minutesFromAlert: fromHost.length ? null : Number.isFinite(t) ? this.minutes(t) : null,
          via: [
            ...who,
            ...(fromHost.length
              ? [
                  `keys not seen from the host; session seen from ${s.sourceIps
                    .map((x) => x.value)
                    .slice(0, 3)
                    .join(', ')}`,
                ]
              : [
                  `seen from ${
                    s.sourceIps
                      .map((x) => x.value)
                      .slice(0, 3)
                      .join(', ') || 'unknown IPs'
                  }`,
                ]),
          ],
        });
      }
    }
    for (const a of ipActivity) {
      if (a.callerArn && coveredCallers.has(a.callerArn)) continue;
      overlap.push({
        strength: 'ip-only',
        account: a.account,
        principal: a.principalArn ?? a.userName ?? 'unknown',
        sessionName: a.callerArn?.includes(':assumed-role/') ? a.callerArn.split('/').slice(2).join('/') : null,
        accessKeyIds: a.accessKeyIds.slice(0, 8),
        firstSeen: a.firstSeen,
        lastSeen: a.lastSeen,
        minutesFromAlert: a.minutesFromAlert,
        via: [`from host ${a.kind.replace('_', ' ')} ${a.ip}`],
      });
    }
    const rank: Record<OverlapStrength, number> = { 'user-and-ip': 0, 'ip-only': 1, 'user-only': 2 };
    overlap.sort(
      (a, b) =>
        rank[a.strength] - rank[b.strength] ||
        Math.abs(a.minutesFromAlert ?? 0) - Math.abs(b.minutesFromAlert ?? 0) ||
        b.lastSeen.localeCompare(a.lastSeen),
    );
    return { ipActivity, sessions, overlap };
  }
}
