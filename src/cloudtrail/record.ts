/**
 * CloudTrail record shape (as delivered to S3 and embedded in LookupEvents' CloudTrailEvent), and
 * its normalised form used by every analysis. Every field is attacker-influenced data.
 */
export interface UserIdentity {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  invokedBy?: string;
  identityProvider?: string;
  credentialId?: string;
  onBehalfOf?: { userId?: string; identityStoreArn?: string };
  sessionContext?: {
    sessionIssuer?: { type?: string; principalId?: string; arn?: string; accountId?: string; userName?: string };
    webIdFederationData?: { federatedProvider?: string; attributes?: Record<string, unknown> };
    attributes?: { creationDate?: string; mfaAuthenticated?: string };
    sourceIdentity?: string;
    ec2RoleDelivery?: string;
  };
}

export interface CloudTrailRecord {
  eventVersion?: string;
  userIdentity?: UserIdentity;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  requestID?: string;
  eventID: string;
  readOnly?: boolean;
  resources?: { ARN?: string; accountId?: string; type?: string }[];
  eventType?: string;
  managementEvent?: boolean;
  recipientAccountId?: string;
  eventCategory?: string;
  sessionCredentialFromConsole?: string;
  [k: string]: unknown;
}

export interface TrailEvent {
  eventId: string;
  time: number;
  eventName: string;
  eventSource: string;
  region: string;
  accountId: string;
  sourceIp: string;
  userAgent: string;
  errorCode: string | null;
  errorMessage: string | null;
  readOnly: boolean | null;
  accessKeyId: string | null;
  identityType: string;
  /** IAM user name, role session name, or the principal's name as CloudTrail gives it. */
  userName: string | null;
  /** The IAM user or role ARN behind the call (session issuer for assumed roles). */
  principalArn: string | null;
  /** Full ARN of the caller as logged (assumed-role ARN for role sessions). */
  callerArn: string | null;
  sessionName: string | null;
  sourceIdentity: string | null;
  mfa: boolean | null;
  resources: string[];
  record: CloudTrailRecord;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

export function normalise(r: CloudTrailRecord): TrailEvent {
  const id = r.userIdentity ?? {};
  const issuer = id.sessionContext?.sessionIssuer;
  const callerArn = str(id.arn);
  let sessionName: string | null = null;
  if (id.type === 'AssumedRole' && callerArn) sessionName = callerArn.split('/').slice(2).join('/') || null;
  const principalArn = str(issuer?.arn) ?? callerArn;
  const userName =
    str(id.userName) ??
    (id.type === 'AssumedRole' ? sessionName : null) ??
    (id.type === 'Root' ? 'root' : null) ??
    str(issuer?.userName);
  const mfaAttr = id.sessionContext?.attributes?.mfaAuthenticated;
  const readOnly = typeof r.readOnly === 'boolean' ? r.readOnly : null;
  return {
    eventId: r.eventID,
    time: Date.parse(r.eventTime),
    eventName: r.eventName,
    eventSource: r.eventSource,
    region: r.awsRegion,
    accountId: str(r.recipientAccountId) ?? str(id.accountId) ?? '',
    sourceIp: r.sourceIPAddress ?? '',
    userAgent: r.userAgent ?? '',
    errorCode: str(r.errorCode),
    errorMessage: str(r.errorMessage),
    readOnly,
    accessKeyId: str(id.accessKeyId),
    identityType: id.type ?? 'Unknown',
    userName,
    principalArn,
    callerArn,
    sessionName,
    sourceIdentity: str(id.sessionContext?.sourceIdentity),
    mfa: mfaAttr === 'true' ? true : mfaAttr === 'false' ? false : null,
    resources: (r.resources ?? []).map((x) => x.ARN ?? '').filter(Boolean),
    record: r,
  };
}

/** A record-like object: has the fields every CloudTrail record has. */
export function isRecord(v: unknown): v is CloudTrailRecord {
  const o = v as CloudTrailRecord;
  return (
    !!o &&
    typeof o === 'object' &&
    typeof o.eventName === 'string' &&
    typeof o.eventTime === 'string' &&
    typeof o.eventSource === 'string'
  );
}
