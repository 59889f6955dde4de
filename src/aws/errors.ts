/**
 * The one module that turns AWS errors into actionable messages: what failed, on which account and
 * region, and what to change (trust policy, External ID, region opt-in, missing permission…).
 */
import { UserFacingError } from '../errors';
export interface AwsErrorContext {
  /** e.g. `cloudtrail:LookupEvents` */
  api: string;
  account?: string;
  accountId?: string;
  region?: string;
  roleArn?: string | null;
}

export type AwsErrorKind =
  | 'assume-role-denied'
  | 'access-denied'
  | 'region-disabled'
  | 'throttled'
  | 'no-credentials'
  | 'invalid-credentials'
  | 'expired-credentials'
  | 'not-found'
  | 'network'
  | 'non-aws-response'
  | 'other';

export interface ExplainedAwsError {
  kind: AwsErrorKind;
  code: string;
  message: string;
  /** True when retrying later may succeed. */
  retryable: boolean;
}

function codeOf(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string; __type?: string };
  return String(e?.Code ?? e?.name ?? e?.code ?? e?.__type ?? 'Error').replace(/^.*#/, '');
}

const THROTTLE = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
]);

/** Regions that must be enabled per account before use (opt-in regions). */
export const OPT_IN_REGIONS = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
]);

export function isThrottle(err: unknown): boolean {
  return THROTTLE.has(codeOf(err));
}

export function explainAwsError(err: unknown, ctx: AwsErrorContext): ExplainedAwsError {
  const code = codeOf(err);
  const raw = String((err as Error)?.message ?? err);
  const where = [
    ctx.account && `account ${ctx.account}${ctx.accountId ? ` (${ctx.accountId})` : ''}`,
    ctx.region && `region ${ctx.region}`,
  ]
    .filter(Boolean)
    .join(', ');
  const at = where ? ` on ${where}` : '';
  const netCode = (err as { code?: string })?.code;

  if (code === 'NonAwsResponseError' || /Deserialization error/.test(raw))
    return nonAwsResponse(err, ctx, code, raw, at);
  if (code === 'CredentialsProviderError' || /Could not load credentials/i.test(raw))
    return {
      kind: 'no-credentials',
      code,
      retryable: false,
      message: `No AWS credentials found for ${ctx.api}${at}. Configure the default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, \`aws sso login\`, or an instance role), or use --evidence DIR to work offline.`,
    };
  if (netCode && ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(netCode))
    return {
      kind: 'network',
      code: netCode,
      retryable: true,
      message: `Could not reach the AWS endpoint for ${ctx.api}${at} (${netCode}). Check network access and AWS_ENDPOINT_URL if set.`,
    };
  if (code === 'RegionDisabledException' || code === 'OptInRequired' || /region.*(not enabled|disabled)/i.test(raw))
    return {
      kind: 'region-disabled',
      code,
      retryable: false,
      message: `Region ${ctx.region ?? '(unknown)'} is not enabled${where ? ` for ${where}` : ''}: it is an opt-in region. Enable it in the AWS console (Account → AWS Regions) or remove it from the account's regions (\`trailhound accounts add … --regions\`).`,
    };
  if (isThrottle(err))
    return {
      kind: 'throttled',
      code,
      retryable: true,
      message: `AWS throttled ${ctx.api}${at} (${code}) after retries. Try again shortly, narrow the time window, or query fewer regions.`,
    };
  if (code === 'ExpiredToken' || code === 'ExpiredTokenException' || code === 'RequestExpired')
    return {
      kind: 'expired-credentials',
      code,
      retryable: false,
      message: `The AWS credentials used for ${ctx.api}${at} have expired. Refresh them (e.g. \`aws sso login\`) and retry.`,
    };
  // An opt-in region that is not enabled answers with a credentials error (EC2: AuthFailure; others:
  // UnrecognizedClientException / InvalidClientTokenId), not RegionDisabledException.
  if (
    (code === 'AuthFailure' || code === 'UnrecognizedClientException' || code === 'InvalidClientTokenId') &&
    ctx.region &&
    OPT_IN_REGIONS.has(ctx.region)
  )
    return {
      kind: 'region-disabled',
      code,
      retryable: false,
      message: `AWS rejected the credentials for ${ctx.api}${at} (${code}). ${ctx.region} is an opt-in region: most likely it is not enabled for this account — enable it (Account → AWS Regions, or \`aws account enable-region --region-name ${ctx.region}\`) or remove it from the account's regions. If it is enabled, check the credential chain.`,
    };
  if (
    code === 'InvalidClientTokenId' ||
    code === 'UnrecognizedClientException' ||
    code === 'SignatureDoesNotMatch' ||
    code === 'AuthFailure'
  )
    return {
      kind: 'invalid-credentials',
      code,
      retryable: false,
      message: `AWS rejected the credentials for ${ctx.api}${at} (${code}): the access key is unknown, deactivated or its secret is wrong. Check the credential chain (AWS_PROFILE, environment variables).`,
    };
  // SNS says AuthorizationError.
  const denied =
    /AccessDenied|UnauthorizedOperation|AccessDeniedException|Unauthorized|Forbidden|^AuthorizationError$/i.test(code);
  if (denied && /sts:AssumeRole/i.test(raw)) {
    return {
      kind: 'assume-role-denied',
      code,
      retryable: false,
      message:
        `AssumeRole into ${ctx.roleArn ?? 'the account role'}${at} was denied. Check, in this order: ` +
        `(1) the role's trust policy trusts this installation's principal (its account id) — run \`trailhound accounts trust-policy\`; ` +
        `(2) the trust policy's sts:ExternalId condition equals this installation's External ID exactly, with no stray whitespace or newline; ` +
        `(3) the role ARN is spelt right and exists in account ${ctx.accountId ?? '(that account)'}; ` +
        `(4) the calling identity is allowed sts:AssumeRole on that ARN. AWS said: ${raw}`,
    };
  }
  if (denied)
    return {
      kind: 'access-denied',
      code,
      retryable: false,
      message: `Access denied calling ${ctx.api}${at}. Grant ${ctx.api} to the read role${ctx.roleArn ? ` ${ctx.roleArn}` : ''} (the AWS managed policies SecurityAudit + ReadOnlyAccess cover it). AWS said: ${raw}`,
    };
  if (/NoSuchEntity|NotFound|ResourceNotFound|InvalidInstanceID|NonexistentItem/i.test(code))
    return { kind: 'not-found', code, retryable: false, message: `${ctx.api}${at}: ${raw}` };
  return { kind: 'other', code, retryable: false, message: `${ctx.api}${at} failed (${code}): ${raw}` };
}

/** A read from AWS that failed after retries; the message is already actionable (explainAwsError). */
export class AwsReadError extends UserFacingError {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
  }
}

/**
 * An answer that was not AWS's (a proxy, a captive portal, an emulator missing the API), caught by
 * the guard in non-aws-response.ts or by the SDK's own parser: named as such, never as a parse error.
 */
function nonAwsResponse(err: unknown, ctx: AwsErrorContext, code: string, raw: string, at: string): ExplainedAwsError {
  const e = err as {
    $response?: { statusCode?: number; headers?: Record<string, string> };
    $metadata?: { httpStatusCode?: number };
  };
  if (code === 'NonAwsResponseError')
    return {
      kind: 'non-aws-response',
      code,
      retryable: false,
      message: `${raw.replace(/\.$/, '')}${at}. Check AWS_ENDPOINT_URL and any proxy between this host and AWS.`,
    };
  const status = e.$response?.statusCode ?? e.$metadata?.httpStatusCode;
  const type = e.$response?.headers?.['content-type']?.split(';')[0]?.trim();
  const api = ctx.api.replace(':', ' ');
  return {
    kind: 'non-aws-response',
    code: 'NonAwsResponse',
    retryable: false,
    message: `${api} returned a non-AWS response (${[status && `HTTP ${status}`, type].filter(Boolean).join(', ') || 'unreadable'})${at}. Check AWS_ENDPOINT_URL and any proxy between this host and AWS.`,
  };
}
