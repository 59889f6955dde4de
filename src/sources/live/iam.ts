/**
 * The IAM snapshot, live. API calls per snapshot ≈ GetAccountAuthorizationDetails pages (1,000
 * items a page) + 6, whatever the number of principals (plus one GetOpenIDConnectProvider per OIDC
 * provider):
 *   GetAccountAuthorizationDetails (paginated; role last-used comes from its RoleLastUsed)
 *   GetCredentialReport first — a report younger than 4 hours is reused; only when it is absent,
 *     expired or older is GenerateCredentialReport called, then GetCredentialReport is polled with
 *     backoff while ReportInProgress
 *   GetAccountSummary, GetAccountPasswordPolicy (NoSuchEntity → no policy set, not a failure),
 *   ListVirtualMFADevices, ListSAMLProviders, ListOpenIDConnectProviders (+ GetOpenIDConnectProvider each)
 *   the account's SCPs/RCPs (organizations.ts: DescribeOrganization, ListRoots, ListParents per level,
 *     ListPoliciesForTarget per level and type, DescribePolicy per policy) — never fails the snapshot
 * AccessDenied (or persistent throttling) on any API becomes a snapshot warning naming the API and
 * the permission to add; only "cannot reach the account at all" errors (credentials, AssumeRole,
 * network) throw. Clients come from awsClient() only.
 */
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  type GetCredentialReportCommandOutput,
  GetOpenIDConnectProviderCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { partitionOf, type AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
import { AwsReadError, explainAwsError } from '../../aws/errors';
import { parseCredentialReportCsv } from '../../iam/credential-report';
import { readOrganizationPolicies } from './organizations';
import {
  isoOrNull,
  normaliseAccountSummary,
  normaliseGaadPages,
  normaliseOidcProvider,
  normalisePasswordPolicy,
  normaliseSamlProviders,
  normaliseVirtualMfaDevices,
} from '../../iam/normalise';
import {
  emptySnapshot,
  type IamSnapshot,
  type IamSnapshotPart,
  CachedIamSource,
  type OidcProvider,
  IAM_PART_COVERS,
} from '../../iam/snapshot';

/** A credential report younger than this is reused (AWS itself regenerates at most every 4 hours). */
export const CREDENTIAL_REPORT_MAX_AGE_MS = 4 * 3600_000;
export const GAAD_PAGE_SIZE = 1000;

export interface LiveIamOptions {
  externalId: string;
  now?: () => Date;
  /** First wait between credential-report polls (doubles, capped at 8 s). Default 1000 ms. */
  pollDelayMs?: number;
  /** Give up waiting for the credential report after this long. Default 120 s. */
  maxPollMs?: number;
  /**
   * The account's SCPs/RCPs (src/sources/live/organizations.ts): read with `via`'s credentials (the
   * management account or a delegated administrator; default the account itself). `false` skips
   * the read (the answers then say the organization policies were not read).
   */
  organizations?: false | { via?: AwsAccount; preface?: string };
}

/** The region IAM's (global) endpoint is addressed through, per partition. */
export function iamRegionFor(account: AwsAccount): string {
  const partition = partitionOf(account.roleArn);
  if (partition === 'aws-cn') return 'cn-north-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  return 'us-east-1';
}

const codeOf = (err: unknown): string =>
  String((err as { name?: string; Code?: string })?.Code ?? (err as { name?: string })?.name ?? '');
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((res) => {
    const t = setTimeout(res, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), res()), { once: true });
  });

export async function collectLiveIamSnapshot(
  account: AwsAccount,
  o: LiveIamOptions,
  run: { signal?: AbortSignal; progress?: (m: string) => void } = {},
): Promise<IamSnapshot> {
  const now = o.now ?? (() => new Date());
  const client = awsClient(IAMClient, account, iamRegionFor(account), { externalId: o.externalId });
  const snap = emptySnapshot(account.accountId, now().toISOString(), 'live');
  const send = async <T>(command: unknown): Promise<T> => {
    snap.apiCalls += 1;
    return (await client.send(command as never, { abortSignal: run.signal } as never)) as T;
  };
  /** Turns a failure into a warning when the rest of the snapshot is still useful; rethrows otherwise. */
  const degrade = (part: IamSnapshotPart, api: string, err: unknown): void => {
    const e = explainAwsError(err, {
      api,
      account: account.name,
      accountId: account.accountId,
      roleArn: account.roleArn,
    });
    if (e.kind === 'access-denied' || e.kind === 'throttled' || e.kind === 'other' || e.kind === 'not-found')
      snap.warnings.push({
        part,
        api,
        missing: true,
        message: `${e.message} Until then, ${WHAT[part]} could not be checked.`,
      });
    else throw new AwsReadError(e.message, e.kind);
  };

  // GetAccountAuthorizationDetails pages are sequential (each needs the previous Marker); the other
  // reads run alongside them, so wall time is about the GAAD pages alone.
  run.progress?.(`Reading IAM authorization details of ${account.name}…`);
  const gaad = (async () => {
    const pages: unknown[] = [];
    let marker: string | undefined;
    do {
      const page = await send<{ IsTruncated?: boolean; Marker?: string }>(
        new GetAccountAuthorizationDetailsCommand({ MaxItems: GAAD_PAGE_SIZE, Marker: marker }),
      );
      pages.push(page);
      marker = page.IsTruncated ? page.Marker : undefined;
      if (marker) run.progress?.(`Reading IAM authorization details of ${account.name}… page ${pages.length + 1}`);
    } while (marker && !run.signal?.aborted);
    Object.assign(
      snap,
      normaliseGaadPages(pages, (w) => snap.warnings.push(w)),
    );
  })().catch((err) => degrade('authorizationDetails', 'iam:GetAccountAuthorizationDetails', err));

  await Promise.all([
    gaad,
    credentialReport(snap, send, now, o, run).catch((err) =>
      degrade('credentialReport', apiOf(err, 'iam:GetCredentialReport'), err),
    ),
    send<{ SummaryMap?: Record<string, number> }>(new GetAccountSummaryCommand({}))
      .then((r) => void (snap.accountSummary = normaliseAccountSummary(r)))
      .catch((err) => degrade('accountSummary', 'iam:GetAccountSummary', err)),
    send<unknown>(new GetAccountPasswordPolicyCommand({}))
      .then((r) => void (snap.passwordPolicy = normalisePasswordPolicy(r)))
      .catch((err) =>
        codeOf(err) === 'NoSuchEntity' || codeOf(err) === 'NoSuchEntityException'
          ? void (snap.passwordPolicy = null)
          : degrade('passwordPolicy', 'iam:GetAccountPasswordPolicy', err),
      ),
    (async () => {
      const pages: unknown[] = [];
      let marker: string | undefined;
      do {
        const page = await send<{ IsTruncated?: boolean; Marker?: string }>(
          new ListVirtualMFADevicesCommand({ MaxItems: 1000, Marker: marker }),
        );
        pages.push(page);
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker && !run.signal?.aborted);
      snap.virtualMfaDevices = normaliseVirtualMfaDevices(pages);
    })().catch((err) => degrade('virtualMfaDevices', 'iam:ListVirtualMFADevices', err)),
    send<unknown>(new ListSAMLProvidersCommand({}))
      .then((r) => void (snap.samlProviders = normaliseSamlProviders(r)))
      .catch((err) => degrade('samlProviders', 'iam:ListSAMLProviders', err)),
    oidcProviders(snap, send).catch((err) =>
      degrade('oidcProviders', apiOf(err, 'iam:ListOpenIDConnectProviders'), err),
    ),
    o.organizations === false
      ? undefined
      : readOrganizationPolicies({
          accountId: account.accountId,
          via: o.organizations?.via ?? account,
          externalId: o.externalId,
          signal: run.signal,
          preface: o.organizations?.preface,
        }).then((r) => {
          snap.organizations = r.organizations;
          snap.apiCalls += r.apiCalls;
        }),
  ]);
  return snap;
}

const WHAT = IAM_PART_COVERS;

/** Errors tagged with the API that failed (the OIDC and report steps call more than one). */
function tagApi(err: unknown, api: string): unknown {
  if (err && typeof err === 'object') (err as { trailhoundApi?: string }).trailhoundApi = api;
  return err;
}
function apiOf(err: unknown, fallback: string): string {
  return (err as { trailhoundApi?: string })?.trailhoundApi ?? fallback;
}

type Send = <T>(command: unknown) => Promise<T>;

async function credentialReport(
  snap: IamSnapshot,
  send: Send,
  now: () => Date,
  o: LiveIamOptions,
  run: { signal?: AbortSignal; progress?: (m: string) => void },
): Promise<void> {
  const get = () =>
    send<GetCredentialReportCommandOutput>(new GetCredentialReportCommand({})).catch((e) =>
      Promise.reject(tagApi(e, 'iam:GetCredentialReport')),
    );
  const use = (r: GetCredentialReportCommandOutput) => {
    const csv = r.Content ? Buffer.from(r.Content).toString('utf8') : '';
    snap.credentialReport = parseCredentialReportCsv(csv, isoOrNull(r.GeneratedTime));
  };
  let inProgress = false;
  try {
    const r = await get();
    const generated = r.GeneratedTime ? new Date(r.GeneratedTime).getTime() : 0;
    if (generated && now().getTime() - generated < CREDENTIAL_REPORT_MAX_AGE_MS) return use(r);
  } catch (err) {
    const code = codeOf(err);
    if (code === 'ReportInProgress' || code === 'CredentialReportNotReadyException') inProgress = true;
    else if (
      ![
        'ReportNotPresent',
        'ReportExpired',
        'CredentialReportNotPresentException',
        'CredentialReportExpiredException',
      ].includes(code)
    )
      throw err;
  }
  if (!inProgress) {
    run.progress?.('Generating the IAM credential report…');
    await send(new GenerateCredentialReportCommand({})).catch((e) =>
      Promise.reject(tagApi(e, 'iam:GenerateCredentialReport')),
    );
  }
  const deadline = Date.now() + (o.maxPollMs ?? 120_000);
  let delay = o.pollDelayMs ?? 1000;
  for (;;) {
    try {
      return use(await get());
    } catch (err) {
      const code = codeOf(err);
      if (code !== 'ReportInProgress' && code !== 'CredentialReportNotReadyException') throw err;
      if (Date.now() + delay > deadline || run.signal?.aborted) {
        snap.warnings.push({
          part: 'credentialReport',
          api: 'iam:GetCredentialReport',
          missing: true,
          message: `The IAM credential report was still being generated after ${Math.round((o.maxPollMs ?? 120_000) / 1000)} s: passwords, MFA and access-key age could not be checked. Run the scan again in a minute.`,
        });
        return;
      }
      await sleep(delay, run.signal);
      delay = Math.min(delay * 2, 8000);
    }
  }
}

async function oidcProviders(snap: IamSnapshot, send: Send): Promise<void> {
  const list = await send<{ OpenIDConnectProviderList?: { Arn?: string }[] }>(
    new ListOpenIDConnectProvidersCommand({}),
  ).catch((e) => Promise.reject(tagApi(e, 'iam:ListOpenIDConnectProviders')));
  const arns = (list.OpenIDConnectProviderList ?? []).map((p) => p.Arn ?? '').filter(Boolean);
  const out: OidcProvider[] = [];
  for (const arn of arns) {
    try {
      out.push(
        normaliseOidcProvider(arn, await send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))),
      );
    } catch (err) {
      // Keep the provider (its ARN names the issuer) and say what is unknown.
      out.push(normaliseOidcProvider(arn, {}));
      const e = explainAwsError(err, { api: 'iam:GetOpenIDConnectProvider' });
      snap.warnings.push({
        part: 'oidcProviders',
        api: 'iam:GetOpenIDConnectProvider',
        missing: false,
        message: `${arn}: ${e.message}`,
      });
    }
  }
  snap.oidcProviders = out;
}

/** Live IAM source: one snapshot per instance (the factory keeps one instance per account per context). */
export class LiveIamSource extends CachedIamSource {
  constructor(account: AwsAccount, opts: LiveIamOptions) {
    super('live', account.accountId, (run) => collectLiveIamSnapshot(account, opts, run));
  }
}
