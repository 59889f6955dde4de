/**
 * Named predicates over a CloudTrail record's request parameters (pure). The catalog refers to
 * them by name, so rules stay data. Each returns a short description of what it found (shown as
 * the tag's `detail`) or `false`.
 *
 * requestParameters, responseElements and additionalEventData are attacker-controlled: every
 * access is defensive (any type, any depth, any size), and what is echoed back is bounded and
 * stripped of control characters. Nothing here is ever interpreted as an instruction.
 */
import type { CloudTrailRecord } from '../record';

export type Json = unknown;

/** Reads a nested property without trusting any level's type. */
export function dig(v: Json, ...path: string[]): Json {
  let cur: Json = v;
  for (const k of path) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, Json>)[k];
  }
  return cur;
}

/** CloudTrail wraps EC2 lists as `{items:[…]}`; S3 XML-derived lists may be one object or an array. */
export function list(v: Json): Json[] {
  if (Array.isArray(v)) return v.slice(0, 1000);
  if (v && typeof v === 'object') {
    const items = (v as Record<string, Json>).items ?? (v as Record<string, Json>).member;
    if (Array.isArray(items)) return items.slice(0, 1000);
    return [v];
  }
  return v === undefined || v === null ? [] : [v];
}

export function text(v: Json): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

export function truthy(v: Json): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

export function falsy(v: Json): boolean {
  return v === false || (typeof v === 'string' && v.toLowerCase() === 'false');
}

/** Bounded, printable rendering of an attacker-controlled value for a tag's detail. */
export function clean(s: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  const t = s
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * Visits every (key, value) pair under `v`, depth- and count-bounded (a hostile record cannot make
 * the scan expensive). Stops when `fn` returns true.
 */
export function walkJson(
  v: Json,
  fn: (key: string, value: Json) => boolean | undefined,
  maxNodes = 5000,
  maxDepth = 12,
): boolean {
  let seen = 0;
  const go = (x: Json, key: string, depth: number): boolean => {
    if (++seen > maxNodes || depth > maxDepth) return false;
    if (fn(key, x)) return true;
    if (Array.isArray(x)) {
      for (const y of x) if (go(y, key, depth + 1)) return true;
    } else if (x && typeof x === 'object') {
      for (const [k, y] of Object.entries(x as Record<string, Json>)) if (go(y, k, depth + 1)) return true;
    }
    return false;
  };
  return go(v, '', 0);
}

/** A policy document arrives as an object, a JSON string, or a URL-encoded JSON string. */
export function policyDoc(v: Json): Record<string, Json> | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, Json>;
  if (typeof v !== 'string' || v.length > 200_000) return undefined;
  for (const s of [v, safeDecode(v)]) {
    if (!s) continue;
    try {
      const o = JSON.parse(s);
      if (o && typeof o === 'object' && !Array.isArray(o)) return o as Record<string, Json>;
    } catch {
      /* not JSON */
    }
  }
  return undefined;
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function statements(doc: Record<string, Json> | undefined): Record<string, Json>[] {
  if (!doc) return [];
  return list(doc.Statement).filter(
    (s): s is Record<string, Json> => !!s && typeof s === 'object' && !Array.isArray(s),
  );
}

function strings(v: Json): string[] {
  return list(v)
    .map(text)
    .filter((s): s is string => s !== undefined);
}

/** Principal values of a statement: "*", account ids, ARNs, service names. */
function principals(st: Record<string, Json>): string[] {
  const p = st.Principal;
  if (typeof p === 'string') return [p];
  if (p && typeof p === 'object' && !Array.isArray(p)) {
    const out: string[] = [];
    for (const v of Object.values(p as Record<string, Json>)) out.push(...strings(v));
    return out;
  }
  return [];
}

function allowsEverything(st: Record<string, Json>): boolean {
  if (text(st.Effect) !== 'Allow') return false;
  const actions = strings(st.Action);
  const resources = strings(st.Resource);
  const broadAction = actions.some((a) => a === '*' || a === '*:*' || a.toLowerCase() === 'iam:*');
  return broadAction && resources.some((r) => r === '*');
}

const ACCOUNT_OF = /(?:^|:)(\d{12})(?::|$)/;

function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return ACCOUNT_OF.exec(principal)?.[1];
}

function ownAccount(r: CloudTrailRecord): string | undefined {
  return text(r.recipientAccountId) ?? text(r.userIdentity?.accountId);
}

const ADMIN_POLICY = /:policy\/AdministratorAccess$/;
const PRIVILEGED_POLICY =
  /:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess|AWSOrganizationsFullAccess|AmazonS3FullAccess|SecretsManagerReadWrite|AWSLambda_FullAccess|AmazonEC2FullAccess)$/;
const GPU_FAMILY =
  /^(p2|p3|p3dn|p4d|p4de|p5|p5e|p5en|p6|g3|g3s|g4dn|g4ad|g5|g5g|g6|g6e|gr6|trn1|trn1n|trn2|inf1|inf2|dl1|dl2q|f1|f2|vt1)\./;
const PRIVATE_IP = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|127\.|169\.254\.|f[cd][0-9a-f]{2}:|fe80:|::1$)/i;

/** A CIDR whose prefix length is 0 covers every address, whatever its address part says. */
export function isWorldCidr(s: string): boolean {
  const m = /^\s*([0-9a-f:.]+)\s*\/\s*0+\s*$/i.exec(s);
  return !!m && (m[1]!.includes('.') || m[1]!.includes(':'));
}
const PUBLIC_GROUPS = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;

function instanceTypes(rp: Json): string[] {
  const out = strings(dig(rp, 'instanceType'));
  for (const it of list(dig(rp, 'instancesSet'))) out.push(...strings(dig(it, 'instanceType')));
  return out;
}

export const PREDICATES = {
  /** policyArn is AWS's AdministratorAccess. */
  'admin-policy-arn': (r: CloudTrailRecord) => {
    const arn = text(dig(r.requestParameters, 'policyArn'));
    return arn && ADMIN_POLICY.test(arn) ? `policy ${clean(arn)}` : false;
  },
  /** policyArn is a broad AWS managed policy (IAMFullAccess, PowerUserAccess, …). */
  'privileged-policy-arn': (r: CloudTrailRecord) => {
    const arn = text(dig(r.requestParameters, 'policyArn'));
    return arn && PRIVILEGED_POLICY.test(arn) ? `policy ${clean(arn)}` : false;
  },
  /** An inline or new policy version allows `*` (or `iam:*`) on `*`. */
  'policy-document-admin': (r: CloudTrailRecord) => {
    const doc = policyDoc(dig(r.requestParameters, 'policyDocument'));
    return statements(doc).some(allowsEverything) ? 'policy document allows * on *' : false;
  },
  /** The IAM user named in the request is not the caller (keys/passwords made for someone else). */
  'other-user-target': (r: CloudTrailRecord) => {
    const target = text(dig(r.requestParameters, 'userName'));
    if (!target) return false; // no userName: the caller acts on itself
    const id = r.userIdentity ?? {};
    if (id.type === 'IAMUser' && id.userName === target) return false;
    return `target user ${clean(target, 64)} (caller ${clean(id.userName ?? id.arn ?? id.type ?? 'unknown', 80)})`;
  },
  'with-decryption': (r: CloudTrailRecord) =>
    truthy(dig(r.requestParameters, 'withDecryption')) ? 'withDecryption=true' : false,
  /** Snapshot / AMI / DB snapshot made public (`all`). */
  'shared-public': (r: CloudTrailRecord) => {
    const rp = r.requestParameters;
    const adds = [...list(dig(rp, 'createVolumePermission', 'add')), ...list(dig(rp, 'launchPermission', 'add'))];
    if (adds.some((a) => text(dig(a, 'group')) === 'all')) return 'shared with everyone (group all)';
    if (strings(dig(rp, 'valuesToAdd')).some((v) => v.toLowerCase() === 'all'))
      return 'restore shared with everyone (all)';
    return false;
  },
  /** Snapshot / AMI / DB snapshot shared with another AWS account. */
  'shared-other-account': (r: CloudTrailRecord) => {
    const rp = r.requestParameters;
    const own = ownAccount(r);
    const ids = [...list(dig(rp, 'createVolumePermission', 'add')), ...list(dig(rp, 'launchPermission', 'add'))]
      .map((a) => text(dig(a, 'userId')))
      .filter((x): x is string => !!x);
    ids.push(...strings(dig(rp, 'valuesToAdd')).filter((v) => /^\d{12}$/.test(v)));
    const other = ids.filter((x) => x !== own);
    return other.length
      ? `shared with account ${other
          .slice(0, 3)
          .map((x) => clean(x, 20))
          .join(', ')}`
      : false;
  },
  /** Bucket policy grants to Principal "*" without a Condition. */
  'bucket-policy-public': (r: CloudTrailRecord) => {
    const doc = policyDoc(dig(r.requestParameters, 'bucketPolicy')) ?? policyDoc(dig(r.requestParameters, 'policy'));
    const open = statements(doc).find(
      (st) => text(st.Effect) === 'Allow' && principals(st).includes('*') && !st.Condition,
    );
    return open ? `Principal "*" allowed ${clean(strings(open.Action).join(',') || 'actions', 60)}` : false;
  },
  /** A policy document (trust or resource policy) grants to "*" or to another account. */
  'policy-external-principal': (r: CloudTrailRecord) => {
    const rp = r.requestParameters;
    const doc =
      policyDoc(dig(rp, 'policyDocument')) ??
      policyDoc(dig(rp, 'assumeRolePolicyDocument')) ??
      policyDoc(dig(rp, 'bucketPolicy')) ??
      policyDoc(dig(rp, 'resourcePolicy')) ??
      policyDoc(dig(rp, 'policy'));
    const own = ownAccount(r);
    for (const st of statements(doc)) {
      if (text(st.Effect) !== 'Allow') continue;
      for (const p of principals(st)) {
        if (p === '*') return st.Condition ? 'trusts "*" (with a condition)' : 'trusts "*"';
        const acct = accountOf(p);
        if (acct && own && acct !== own) return `trusts account ${acct}`;
      }
    }
    return false;
  },
  /** Bucket ACL grants to AllUsers / AuthenticatedUsers, or a public canned ACL. */
  'acl-public': (r: CloudTrailRecord) => {
    let hit: string | false = false;
    walkJson(r.requestParameters, (k, v) => {
      const s = text(v);
      if (!s) return false;
      if (PUBLIC_GROUPS.test(s)) hit = `grant to ${PUBLIC_GROUPS.exec(s)![1]}`;
      else if (k.toLowerCase() === 'x-amz-acl' && /^(public-read|public-read-write|authenticated-read)$/.test(s))
        hit = `canned ACL ${s}`;
      return !!hit;
    });
    return hit;
  },
  /** A public access block setting turned off. */
  'public-access-block-off': (r: CloudTrailRecord) => {
    const cfg =
      dig(r.requestParameters, 'PublicAccessBlockConfiguration') ?? dig(r.requestParameters, 'publicAccessBlock');
    const off = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].filter((k) =>
      falsy(dig(cfg, k)),
    );
    return off.length ? `${off.join(', ')} set to false` : false;
  },
  /** A rule opened to every address: any IPv4 or IPv6 range with prefix length 0 (0.0.0.0/0, ::/0, 1.2.3.4/0…). */
  'cidr-open-to-world': (r: CloudTrailRecord) => {
    let hit: string | false = false;
    walkJson(r.requestParameters, (k, v) => {
      const s = text(v);
      if (s && /cidr/i.test(k) && isWorldCidr(s)) hit = `opened to ${clean(s.trim(), 60)}`;
      return !!hit;
    });
    if (!hit) return false;
    const ports = list(dig(r.requestParameters, 'ipPermissions'))
      .map((p) => {
        const from = text(dig(p, 'fromPort'));
        const to = text(dig(p, 'toPort'));
        return from === undefined ? undefined : from === to ? from : `${from}-${to}`;
      })
      .filter(Boolean)
      .slice(0, 5);
    return ports.length ? `${hit} on port ${ports.join(', ')}` : hit;
  },
  /** Successful console sign-in by an IAM user or root without MFA. */
  'console-login-no-mfa': (r: CloudTrailRecord) => {
    const t = r.userIdentity?.type;
    if (t !== 'IAMUser' && t !== 'Root') return false; // federated sign-ins do MFA at the IdP
    if (text(dig(r.responseElements, 'ConsoleLogin')) !== 'Success') return false;
    return text(dig(r.additionalEventData, 'MFAUsed')) === 'No' ? 'MFAUsed: No' : false;
  },
  'console-login-failed': (r: CloudTrailRecord) => {
    if (
      text(dig(r.responseElements, 'ConsoleLogin')) === 'Failure' ||
      (r.errorMessage && /failed authentication/i.test(r.errorMessage))
    )
      return `failed: ${clean(r.errorMessage ?? 'Failure', 60)}`;
    return false;
  },
  /** Root acted (for ConsoleLogin: signed in successfully; failures are the brute-force rule's). */
  'root-identity': (r: CloudTrailRecord) => {
    if (r.userIdentity?.type !== 'Root') return false;
    if (r.eventName === 'ConsoleLogin' && text(dig(r.responseElements, 'ConsoleLogin')) !== 'Success') return false;
    return 'by the root user';
  },
  'gpu-instance-type': (r: CloudTrailRecord) => {
    const gpu = instanceTypes(r.requestParameters).find((t) => GPU_FAMILY.test(t));
    return gpu ? `instance type ${clean(gpu, 32)}` : false;
  },
  'many-instances': (r: CloudTrailRecord) => {
    const rp = r.requestParameters;
    const n = Math.max(
      0,
      ...list(dig(rp, 'instancesSet')).map((it) => Number(text(dig(it, 'maxCount')) ?? 0)),
      Number(text(dig(rp, 'maxCount')) ?? 0),
    );
    return n >= 10 ? `${n} instances requested` : false;
  },
  /** The launched instance gets an instance profile (iam:PassRole to EC2). */
  'instance-profile-passed': (r: CloudTrailRecord) => {
    const p = dig(r.requestParameters, 'iamInstanceProfile');
    const name = text(dig(p, 'name')) ?? text(dig(p, 'arn'));
    return name ? `instance profile ${clean(name, 80)}` : false;
  },
  /** A role passed to a new function/stack/job (iam:PassRole). */
  'role-passed': (r: CloudTrailRecord) => {
    const rp = r.requestParameters;
    const role =
      text(dig(rp, 'role')) ??
      text(dig(rp, 'roleARN')) ??
      text(dig(rp, 'roleArn')) ??
      text(dig(rp, 'executionRoleArn'));
    return role ? `passes role ${clean(role, 100)}` : false;
  },
  'mass-termination': (r: CloudTrailRecord) => {
    const n = list(dig(r.requestParameters, 'instancesSet')).length;
    return n >= 5 ? `${n} instances` : false;
  },
  'lifecycle-expiring': (r: CloudTrailRecord) => {
    let hit: string | false = false;
    walkJson(r.requestParameters, (k, v) => {
      if (/^(Expiration|NoncurrentVersionExpiration)$/.test(k) && v && typeof v === 'object') {
        const days = text(dig(v, 'Days')) ?? text(dig(v, 'NoncurrentDays'));
        hit = days ? `objects expire after ${clean(days, 8)} day(s)` : 'objects expire';
      }
      return !!hit;
    });
    return hit;
  },
  'bucket-logging-disabled': (r: CloudTrailRecord) => {
    const st = dig(r.requestParameters, 'BucketLoggingStatus');
    if (st === undefined) return false;
    return dig(st, 'LoggingEnabled') === undefined ? 'server access logging turned off' : false;
  },
  /** Event selectors that stop recording management events (or record only part of them). */
  'event-selectors-reduce': (r: CloudTrailRecord) => {
    const rp = r.requestParameters;
    for (const s of list(dig(rp, 'eventSelectors'))) {
      if (falsy(dig(s, 'includeManagementEvents'))) return 'includeManagementEvents=false';
      const rw = text(dig(s, 'readWriteType'));
      if (rw && rw !== 'All') return `readWriteType=${clean(rw, 16)}`;
      if (list(dig(s, 'excludeManagementEventSources')).length) return 'excludes management event sources';
    }
    let hit: string | false = false;
    walkJson(dig(rp, 'advancedEventSelectors'), (k, _v) => {
      if (k === 'NotEquals' || k === 'notEquals') hit = 'advanced selectors exclude events';
      return !!hit;
    });
    return hit;
  },
  /** UpdateTrail that narrows what is logged or moves where it goes. */
  'trail-narrowed': (r: CloudTrailRecord) => {
    const rp = r.requestParameters;
    if (falsy(dig(rp, 'isMultiRegionTrail'))) return 'isMultiRegionTrail=false';
    if (falsy(dig(rp, 'includeGlobalServiceEvents'))) return 'includeGlobalServiceEvents=false';
    if (falsy(dig(rp, 'enableLogFileValidation'))) return 'enableLogFileValidation=false';
    const b = text(dig(rp, 's3BucketName'));
    return b ? `delivery moved to bucket ${clean(b, 63)}` : false;
  },
  /** Lambda resource policy opened to "*" or another account. */
  'lambda-permission-external': (r: CloudTrailRecord) => {
    const p = text(dig(r.requestParameters, 'principal'));
    if (!p) return false;
    if (p === '*') return 'invokable by "*"';
    const acct = accountOf(p);
    const own = ownAccount(r);
    return acct && own && acct !== own ? `invokable by account ${acct}` : false;
  },
  /** Group or role name that looks administrative. */
  'admin-named-target': (r: CloudTrailRecord) => {
    const n = text(dig(r.requestParameters, 'groupName')) ?? text(dig(r.requestParameters, 'roleName'));
    return n && /admin|poweruser|root|fullaccess/i.test(n) ? `target ${clean(n, 64)}` : false;
  },
  /** Security Hub / GuardDuty / Config disabled rather than reconfigured. */
  /** DescribeInstanceAttribute for the instance's user data (often holds credentials). */
  'user-data-attribute': (r: CloudTrailRecord) =>
    text(dig(r.requestParameters, 'attribute')) === 'userData'
      ? `userData of ${clean(text(dig(r.requestParameters, 'instanceId')) ?? '?', 40)}`
      : false,
  /** The caller used a long-term IAM user access key (AKIA…), not a role session. */
  'long-term-key': (r: CloudTrailRecord) => {
    const id = r.userIdentity;
    return id?.type === 'IAMUser' && /^AKIA/.test(id.accessKeyId ?? '')
      ? `long-term key ${clean(id.accessKeyId!, 32)}`
      : false;
  },
  /**
   * An EC2 instance role session (session named after the instance id) calling from a public IP
   * address, not through a VPC endpoint: the pattern of instance credentials taken off the box.
   */
  'instance-credentials-public-ip': (r: CloudTrailRecord) => {
    const id = r.userIdentity;
    if (id?.type !== 'AssumedRole') return false;
    const session = id.arn?.split('/').slice(2).join('/') ?? '';
    if (!/^i-[0-9a-f]{8,17}$/.test(session)) return false;
    if (typeof r.vpcEndpointId === 'string' && r.vpcEndpointId) return false;
    const ip = r.sourceIPAddress ?? '';
    if (!/^[0-9a-f:.]+$/i.test(ip) || PRIVATE_IP.test(ip)) return false;
    return `${clean(session, 24)} credentials used from ${clean(ip, 45)}`;
  },
  /** GetFederationToken with an inline policy granting * on *. */
  'federation-policy-admin': (r: CloudTrailRecord) => {
    const doc = policyDoc(dig(r.requestParameters, 'policy'));
    return statements(doc).some(
      (st) => text(st.Effect) === 'Allow' && strings(st.Action).includes('*') && strings(st.Resource).includes('*'),
    )
      ? 'inline policy allows * on *'
      : false;
  },
  /** S3 object written with a customer-provided key (SSE-C): only the key's holder can read it back. */
  'sse-c': (r: CloudTrailRecord) => {
    const alg = text(dig(r.requestParameters, 'x-amz-server-side-encryption-customer-algorithm'));
    if (!alg) return false;
    const key = text(dig(r.requestParameters, 'key'));
    return `SSE-C ${clean(alg, 20)}${key ? ` on ${clean(key, 80)}` : ''} in ${clean(text(dig(r.requestParameters, 'bucketName')) ?? '?', 64)}`;
  },
  /** An SES change that enables sending or adds a sender (UpdateAccountSendingEnabled with enabled=false is a response, not abuse). */
  'ses-sending-setup': (r: CloudTrailRecord) => {
    const rp = r.requestParameters;
    if (r.eventName === 'UpdateAccountSendingEnabled') return falsy(dig(rp, 'enabled')) ? false : 'sending enabled';
    const who = text(dig(rp, 'emailIdentity')) ?? text(dig(rp, 'emailAddress')) ?? text(dig(rp, 'domain')) ?? undefined;
    if (r.eventName === 'PutAccountDetails') return 'production (sending) access requested';
    return who ? `sender identity ${clean(who, 80)}` : 'sender identity added';
  },
  /** A SageMaker notebook's lifecycle (start-up) script set or changed. */
  'notebook-lifecycle-config': (r: CloudTrailRecord) => {
    const rp = r.requestParameters;
    if (r.eventName === 'UpdateNotebookInstance') {
      const name = text(dig(rp, 'lifecycleConfigName'));
      return name
        ? `lifecycle config ${clean(name, 64)} on ${clean(text(dig(rp, 'notebookInstanceName')) ?? '?', 64)}`
        : false;
    }
    return `lifecycle config ${clean(text(dig(rp, 'notebookInstanceLifecycleConfigName')) ?? '?', 64)}`;
  },
  'disabled-flag': (r: CloudTrailRecord) => {
    const rp = r.requestParameters;
    if (falsy(dig(rp, 'enable')) || falsy(dig(rp, 'enabled'))) return 'enabled=false';
    return false;
  },
} satisfies Record<string, (r: CloudTrailRecord) => string | false>;

export type PredicateName = keyof typeof PREDICATES;
