/**
 * The CloudTrail Lake query for a CloudTrail search (pure). Lake is Trino over the event data
 * store (named in FROM by its id) with CloudTrail's lower-cased columns, like the Athena table, but
 * no partitions: the account is `recipientaccountid`, the region `awsregion`, and `eventtime` is a
 * timestamp compared with 'yyyy-MM-dd HH:mm:ss' literals (CloudTrail Lake queries guide). The
 * filters are the Athena builder's (`filterClauses`): every value shape-checked and quoted.
 */
import type { TrailFilters } from '../../cloudtrail/filters';
import { AthenaQueryError, check, filterClauses, literal } from '../athena/sql';

export interface LakeSearch {
  eventDataStore: string;
  accountIds: string[];
  regions: string[];
  start: Date;
  end: Date;
  filter: TrailFilters;
  limit: number;
}

/** Lake's timestamp literal: UTC, second precision. */
export function lakeTime(d: Date): string {
  return d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '');
}

/** Maps and structs selected as JSON text, so rows convert back to CloudTrail records. */
export const LAKE_COLUMNS = [
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
  'json_format(CAST(requestparameters AS JSON)) AS requestparameters',
  'json_format(CAST(responseelements AS JSON)) AS responseelements',
  'json_format(CAST(additionaleventdata AS JSON)) AS additionaleventdata',
  'requestid',
  'eventid',
  'CAST(readonly AS VARCHAR) AS readonly',
  'json_format(CAST(resources AS JSON)) AS resources',
  'eventtype',
  'recipientaccountid',
  'eventcategory',
] as const;

/** The id of an event data store given as id or ARN (arn:aws:cloudtrail:region:account:eventdatastore/ID). */
export function eventDataStoreId(idOrArn: string): string {
  const m = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:eventdatastore\/([A-Za-z0-9-]+)$/.exec(idOrArn);
  return check('eventDataStore', m ? m[1]! : idOrArn);
}

export function buildLakeSql(s: LakeSearch): string {
  const eds = eventDataStoreId(s.eventDataStore);
  if (!(s.start instanceof Date) || !(s.end instanceof Date) || Number.isNaN(+s.start) || Number.isNaN(+s.end))
    throw new AthenaQueryError('the time window is not valid');
  if (s.end < s.start) throw new AthenaQueryError('the window ends before it starts');
  if (!s.accountIds.length) throw new AthenaQueryError('no account to search');
  if (!s.regions.length) throw new AthenaQueryError('no region to search');
  if (!Number.isInteger(s.limit) || s.limit < 1 || s.limit > 1_000_000)
    throw new AthenaQueryError('limit out of range');
  const where = [
    `eventtime >= ${literal(lakeTime(s.start))}`,
    `eventtime <= ${literal(lakeTime(s.end))}`,
    `recipientaccountid IN (${s.accountIds.map((a) => literal(check('accountId', a))).join(', ')})`,
    `awsregion IN (${s.regions.map((r) => literal(check('region', r))).join(', ')})`,
    ...filterClauses(s.filter),
  ];
  return `SELECT ${LAKE_COLUMNS.join(', ')}\nFROM ${eds}\nWHERE ${where.join('\n  AND ')}\nORDER BY eventtime DESC\nLIMIT ${s.limit}`;
}
