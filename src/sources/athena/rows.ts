/**
 * Athena result rows back to CloudTrail records (pure): the table lower-cases every name, so the
 * user identity and resources (selected as JSON) get CloudTrail's camelCase keys back; the JSON
 * text columns are parsed; readonly becomes a boolean. A row that cannot be read is counted.
 */
import type { CloudTrailRecord, UserIdentity } from '../../cloudtrail/record';

const KEYS: Record<string, string> = {
  principalid: 'principalId',
  accountid: 'accountId',
  invokedby: 'invokedBy',
  accesskeyid: 'accessKeyId',
  username: 'userName',
  onbehalfof: 'onBehalfOf',
  userid: 'userId',
  identitystorearn: 'identityStoreArn',
  sessioncontext: 'sessionContext',
  mfaauthenticated: 'mfaAuthenticated',
  creationdate: 'creationDate',
  sessionissuer: 'sessionIssuer',
  ec2roledelivery: 'ec2RoleDelivery',
  webidfederationdata: 'webIdFederationData',
  federatedprovider: 'federatedProvider',
};

/** Renames known keys recursively and drops nulls (Athena writes absent struct fields as null). */
function camel(v: unknown, inAttributes = false): unknown {
  if (Array.isArray(v)) return v.map((x) => camel(x));
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null) continue;
    // webIdFederationData.attributes is a free map: its keys are data, kept as they are.
    const key = inAttributes ? k : (KEYS[k] ?? k);
    out[key] = camel(x, key === 'attributes' && !!(v as Record<string, unknown>).federatedprovider);
  }
  return out;
}

function json(v: string | null): Record<string, unknown> | null | undefined {
  if (v === null || v === '') return v === null ? undefined : undefined;
  try {
    const p = JSON.parse(v);
    return p && typeof p === 'object' ? p : undefined;
  } catch {
    return undefined;
  }
}

/** Lake returns timestamps as 'yyyy-MM-dd HH:mm:ss.SSS' (UTC): made ISO-8601 with Z like CloudTrail's. */
function isoTime(v: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(v);
  return m ? `${m[1]}T${m[2]}Z` : v;
}

export function rowToRecord(r: Record<string, string | null>): CloudTrailRecord | null {
  if (!r.eventtime || !r.eventname || !r.eventsource || !r.eventid) return null;
  const rec: CloudTrailRecord = {
    eventTime: isoTime(r.eventtime),
    eventSource: r.eventsource,
    eventName: r.eventname,
    awsRegion: r.awsregion ?? '',
    eventID: r.eventid,
  };
  if (r.eventversion) rec.eventVersion = r.eventversion;
  const ui = json(r.useridentity ?? null);
  if (ui) rec.userIdentity = camel(ui) as UserIdentity;
  if (r.sourceipaddress) rec.sourceIPAddress = r.sourceipaddress;
  if (r.useragent) rec.userAgent = r.useragent;
  if (r.errorcode) rec.errorCode = r.errorcode;
  if (r.errormessage) rec.errorMessage = r.errormessage;
  if (r.requestparameters !== undefined) rec.requestParameters = json(r.requestparameters) ?? null;
  if (r.responseelements !== undefined) rec.responseElements = json(r.responseelements) ?? null;
  const add = json(r.additionaleventdata ?? null);
  if (add) rec.additionalEventData = add;
  if (r.requestid) rec.requestID = r.requestid;
  if (r.readonly === 'true' || r.readonly === 'false') rec.readOnly = r.readonly === 'true';
  if (r.resources) {
    try {
      const res = JSON.parse(r.resources) as { arn?: string; accountid?: string; type?: string }[] | null;
      if (Array.isArray(res))
        rec.resources = res.map((x) => ({
          ...(x.arn ? { ARN: x.arn } : {}),
          ...(x.accountid ? { accountId: x.accountid } : {}),
          ...(x.type ? { type: x.type } : {}),
        }));
    } catch {
      /* resources are optional; the event is kept */
    }
  }
  if (r.eventtype) rec.eventType = r.eventtype;
  if (r.recipientaccountid) rec.recipientAccountId = r.recipientaccountid;
  if (r.eventcategory) rec.eventCategory = r.eventcategory;
  return rec;
}
