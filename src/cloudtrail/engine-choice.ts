/**
 * Which CloudTrail engine answers a question (pure): LookupEvents (90 days, management events, one
 * attribute per call, one account-region at a time at 2 requests/s) or a SQL engine over the
 * organization's events (Athena over the trail bucket, or CloudTrail Lake). The reason is returned
 * so the answer can say which source it used and why.
 */
import { planQuery, type TrailFilters } from './filters';
import { LOOKUP_RETENTION_DAYS } from './source';

/** From this many accounts in one question, one SQL query per account beats account × region paging. */
export const MANY_ACCOUNTS = 5;

/**
 * Data-event API names (S3 object, Lambda invoke, DynamoDB item, …): LookupEvents never returns
 * them (management events only); only a trail or event data store that logs data events has them.
 */
export const DATA_EVENT_NAMES = new Set([
  'GetObject',
  'PutObject',
  'DeleteObject',
  'DeleteObjects',
  'CopyObject',
  'HeadObject',
  'GetObjectAcl',
  'PutObjectAcl',
  'GetObjectTagging',
  'PutObjectTagging',
  'RestoreObject',
  'SelectObjectContent',
  'UploadPart',
  'CreateMultipartUpload',
  'CompleteMultipartUpload',
  'ListObjects',
  'ListObjectsV2',
  'ListObjectVersions',
  'Invoke',
  'InvokeFunction',
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchGetItem',
  'BatchWriteItem',
  'Query',
  'Scan',
  'GetSecretValue',
]);

export interface EngineQuestion {
  start: Date;
  end: Date;
  filters?: TrailFilters;
  /** Accounts in the question. */
  accounts?: number;
}

export interface EngineChoice {
  engine: 'sql' | 'lookup';
  why: string;
}

export function chooseEngine(q: EngineQuestion, now: Date): EngineChoice {
  const ageDays = (now.getTime() - q.start.getTime()) / 86_400_000;
  if (ageDays > LOOKUP_RETENTION_DAYS)
    return {
      engine: 'sql',
      why: `the window starts ${Math.floor(ageDays)} days ago, beyond LookupEvents' ${LOOKUP_RETENTION_DAYS}`,
    };
  const data = (q.filters?.eventNames ?? []).filter((n) => DATA_EVENT_NAMES.has(n));
  if (data.length)
    return {
      engine: 'sql',
      why: `${data.slice(0, 3).join(', ')} ${data.length === 1 ? 'is a data event' : 'are data events'}, which LookupEvents does not return`,
    };
  const accounts = q.accounts ?? 1;
  if (accounts >= MANY_ACCOUNTS)
    return {
      engine: 'sql',
      why: `${accounts} accounts: one query per account instead of paging LookupEvents per account and region`,
    };
  const plan = planQuery(q.filters ?? {});
  const active = Object.entries(q.filters ?? {}).filter(
    ([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0),
  );
  if (plan.fullScan && active.length)
    return {
      engine: 'sql',
      why: `none of the filters (${active.map(([k]) => k).join(', ')}) is a LookupEvents attribute, so LookupEvents would read every event of the window`,
    };
  const hours = Math.round((q.end.getTime() - q.start.getTime()) / 3_600_000);
  return {
    engine: 'lookup',
    why: `the window (${hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`}) is within LookupEvents' ${LOOKUP_RETENTION_DAYS} days, ${accounts === 1 ? 'one account' : `${accounts} accounts`}, ${plan.pushedDown || plan.lookups[0] ? `and ${plan.lookups[0]?.key ?? plan.pushedDown} is indexed` : 'and no filter'}`,
  };
}
