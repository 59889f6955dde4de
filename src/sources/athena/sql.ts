/**
 * The Athena query for a CloudTrail search (pure). Every value is checked against the shape it must
 * have (account id, region, access key id, ARN, event name, IP or CIDR…) and then quoted as a SQL
 * string literal with quotes doubled; identifiers (database, table) are checked and double-quoted.
 * Nothing from a user reaches the text any other way. Partitions are pruned by account, region and
 * day (the table's `account`, `region`, `timestamp` projection), and the exact window is applied to
 * eventtime.
 */
import type { TrailFilters } from '../../cloudtrail/filters';

export class AthenaQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AthenaQueryError';
  }
}

/** The search's filters, every one pushed into the WHERE clause (see `filterClauses`). */
export type AthenaFilter = TrailFilters;

export interface AthenaSearch {
  database: string;
  table: string;
  accountIds: string[];
  regions: string[];
  start: Date;
  end: Date;
  filter: AthenaFilter;
  /** Row cap; the caller reports when it is reached. */
  limit: number;
}

const SHAPES = {
  accountId: /^\d{12}$/,
  region: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/,
  accessKeyId: /^(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,124}$/,
  userName: /^[\w+=,.@-]{1,128}$/,
  principalArn: /^arn:aws(-us-gov|-cn)?:(iam|sts)::\d{12}:[\w+=,.@/:-]{1,512}$/,
  eventName: /^[A-Za-z0-9_]{1,128}$/,
  eventSource: /^[a-z0-9.-]{1,128}\.amazonaws\.com$/,
  errorCode: /^[\w.:-]{1,128}$/,
  eventId: /^[0-9a-fA-F-]{36}$/,
  resourceName: /^[\w+=,.@/:*-]{1,1024}$/,
  identifier: /^[a-z0-9_]{1,255}$/,
  /** A CloudTrail Lake event data store id (the last part of its ARN). */
  eventDataStore: /^[A-Za-z0-9-]{20,64}$/,
};

export function check(kind: keyof typeof SHAPES, value: string): string {
  if (!SHAPES[kind].test(value))
    throw new AthenaQueryError(`${kind} "${value.slice(0, 80)}" does not have the shape of a ${kind}: refused.`);
  return value;
}

/** A SQL string literal: single quotes doubled. Called only on values whose shape was checked. */
export function literal(v: string): string {
  if (/[\u0000-\u001f]/.test(v)) throw new AthenaQueryError('control characters are not allowed in a query value');
  return `'${v.replace(/'/g, "''")}'`;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:.]{2,45}$/;

/**
 * An address or CIDR, compared as IP addresses (Trino `contains(cidr, ip)`), so IPv6 spellings and
 * IPv4-mapped addresses match as they do here. sourceipaddress also holds service names (e.g.
 * "ec2.amazonaws.com"): TRY_CAST makes those NULL, which never matches.
 */
function ipClause(ip: string): string {
  const [addr, bits, extra] = ip.split('/');
  if (extra !== undefined || !addr || !(IPV4.test(addr) || (addr.includes(':') && IPV6.test(addr))))
    throw new AthenaQueryError(`source IP "${ip.slice(0, 60)}" is not an IPv4/IPv6 address or CIDR: refused.`);
  const max = addr.includes(':') ? 128 : 32;
  if (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max))
    throw new AthenaQueryError(`CIDR prefix "/${bits}" is out of range (0–${max}).`);
  return `contains(${literal(`${addr}/${bits ?? max}`)}, TRY_CAST(sourceipaddress AS IPADDRESS))`;
}

/** Every day (yyyy/MM/dd, the projection's format) the window touches, UTC. */
export function daysOf(start: Date, end: Date): string[] {
  const out: string[] = [];
  const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  while (d <= end && out.length <= 3660) {
    out.push(
      `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`,
    );
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/** CloudTrail's eventtime text (ISO-8601, second precision, Z): compared as text, which sorts as time. */
export function isoSecond(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The columns read, structs turned into JSON so rows convert back to CloudTrail records. */
export const SELECT_COLUMNS = [
  'eventversion',
  'json_format(CAST(useridentity AS JSON)) AS useridentity',
  'eventtime',
  'eventsource',
  'eventname',
  'awsregion',
  'sourceipaddress',
  'useragent',
  'errorcode',
  'errormessage',
  'requestparameters',
  'responseelements',
  'additionaleventdata',
  'requestid',
  'eventid',
  'readonly',
  'json_format(CAST(resources AS JSON)) AS resources',
  'eventtype',
  'recipientaccountid',
  'eventcategory',
] as const;

export function buildSearchSql(s: AthenaSearch): string {
  const db = check('identifier', s.database);
  const table = check('identifier', s.table);
  if (!(s.start instanceof Date) || !(s.end instanceof Date) || Number.isNaN(+s.start) || Number.isNaN(+s.end))
    throw new AthenaQueryError('the time window is not valid');
  if (s.end < s.start) throw new AthenaQueryError('the window ends before it starts');
  if (!s.accountIds.length) throw new AthenaQueryError('no account to search');
  if (!s.regions.length) throw new AthenaQueryError('no region to search');
  if (!Number.isInteger(s.limit) || s.limit < 1 || s.limit > 1_000_000)
    throw new AthenaQueryError('limit out of range');
  const where: string[] = [
    `account IN (${s.accountIds.map((a) => literal(check('accountId', a))).join(', ')})`,
    `region IN (${s.regions.map((r) => literal(check('region', r))).join(', ')})`,
  ];
  const days = daysOf(s.start, s.end);
  where.push(
    days.length <= 31
      ? `"timestamp" IN (${days.map(literal).join(', ')})`
      : `"timestamp" BETWEEN ${literal(days[0]!)} AND ${literal(days[days.length - 1]!)}`,
  );
  where.push(`eventtime >= ${literal(isoSecond(s.start))}`, `eventtime <= ${literal(isoSecond(s.end))}`);
  where.push(...filterClauses(s.filter));
  return `SELECT ${SELECT_COLUMNS.join(', ')}\nFROM "${db}"."${table}"\nWHERE ${where.join('\n  AND ')}\nORDER BY eventtime DESC\nLIMIT ${s.limit}`;
}

/**
 * The WHERE clauses of the search filters, shared by Athena and CloudTrail Lake (both Trino, both
 * with CloudTrail's lower-cased column names). Each clause keeps AT LEAST every event the
 * client-side filter (src/cloudtrail/filters.ts `compileFilters`) keeps — case-insensitive where it
 * is, the role session name found in the caller ARN — so pushing down never loses an event; the
 * search re-applies the exact filters to what comes back.
 */
export function filterClauses(f: TrailFilters): string[] {
  const where: string[] = [];
  if (f.accessKeyId) where.push(`useridentity.accesskeyid = ${literal(check('accessKeyId', f.accessKeyId))}`);
  if (f.eventId) where.push(`eventid = ${literal(check('eventId', f.eventId))}`);
  if (f.userName) {
    const lower = check('userName', f.userName).toLowerCase();
    const u = literal(lower);
    const parts = [
      `lower(useridentity.username) = ${u}`,
      `lower(useridentity.sessioncontext.sessionissuer.username) = ${u}`,
      // An assumed role's session name is the end of its ARN (…:assumed-role/Role/<session>).
      `strpos(lower(useridentity.arn), ${literal(`/${lower}`)}) > 0`,
    ];
    if (lower === 'root') parts.push(`useridentity.type = 'Root'`);
    where.push(`(${parts.join(' OR ')})`);
  }
  if (f.roleSessionName) {
    const lower = check('userName', f.roleSessionName).toLowerCase();
    where.push(`strpos(lower(useridentity.arn), ${literal(`/${lower}`)}) > 0`);
  }
  if (f.principalArn) {
    const a = literal(check('principalArn', f.principalArn));
    where.push(`(useridentity.arn = ${a} OR useridentity.sessioncontext.sessionissuer.arn = ${a})`);
  }
  if (f.eventNames?.length)
    where.push(`eventname IN (${[...new Set(f.eventNames)].map((n) => literal(check('eventName', n))).join(', ')})`);
  if (f.eventSource) where.push(`eventsource = ${literal(check('eventSource', f.eventSource))}`);
  if (f.resourceName) {
    // The client matches the ARN exactly or by its last segment: a substring keeps both.
    const r = literal(check('resourceName', f.resourceName));
    where.push(`any_match(resources, x -> strpos(x.arn, ${r}) > 0)`);
  }
  if (f.readOnly !== undefined)
    where.push(
      f.readOnly
        ? `lower(CAST(readonly AS VARCHAR)) = 'true'`
        : `(readonly IS NULL OR lower(CAST(readonly AS VARCHAR)) <> 'true')`,
    );
  if (f.errorCode) {
    const c = f.errorCode.toLowerCase();
    where.push(
      c === 'any' || c === '*'
        ? 'errorcode IS NOT NULL'
        : `lower(errorcode) = ${literal(check('errorCode', f.errorCode).toLowerCase())}`,
    );
  }
  if (f.sourceIp) where.push(ipClause(f.sourceIp));
  if (f.userAgentContains !== undefined) {
    if (f.userAgentContains.length === 0 || f.userAgentContains.length > 512)
      throw new AthenaQueryError('user agent filter must be 1–512 characters');
    where.push(`strpos(lower(useragent), ${literal(f.userAgentContains.toLowerCase())}) > 0`);
  }
  return where;
}
