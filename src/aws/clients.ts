/**
 * The one place SDK v3 clients are built. Per account, region and purpose (read or remediate);
 * credentials come from the SDK's own providers: the default chain (AWS_PROFILE, env, SSO, instance
 * role…) or, for an account with a role, `fromTemporaryCredentials` (AssumeRole with this
 * installation's External ID, 1-hour sessions refreshed automatically). Adaptive retries. The SDK
 * honours AWS_REGION, AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> by itself.
 */
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { AwsAccount } from './accounts';
import { countApiCall, countThrottle } from './api-calls';
import { isThrottle } from './errors';
import { addNonAwsResponseGuard } from './non-aws-response';
import { paceCall, penaliseCall } from './pace';
import { sharedPacer } from './rate-limit';
import { retryStrategyForTests } from './test-retries';

export type Purpose = 'read' | 'remediate';

export interface SessionOptions {
  externalId: string;
  /** Role session name, visible in the target account's CloudTrail. */
  sessionName?: string;
}

interface SdkClient {
  middlewareStack: { add: (mw: never, opts: never) => void };
  destroy(): void;
}
type ClientCtor<C> = new (config: Record<string, unknown>) => C;

const credentialCache = new Map<string, AwsCredentialIdentityProvider>();
const clientCache = new Map<string, unknown>();
let ambient: AwsCredentialIdentityProvider | undefined;

export function ambientCredentials(): AwsCredentialIdentityProvider {
  ambient ??= fromNodeProviderChain();
  return ambient;
}

function roleFor(account: AwsAccount, purpose: Purpose): string | null {
  if (purpose === 'remediate') {
    if (!account.remediationRoleArn)
      throw new Error(
        `Account "${account.name}" has no remediation role: add one with \`trailhound accounts add ${account.name} … --remediation-role-arn ARN\`.`,
      );
    return account.remediationRoleArn;
  }
  return account.roleArn;
}

const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * One AssumeRole session per role, shared by every client (each SDK client would otherwise memoise
 * the provider on its own and assume the role once per account-region). Refreshed 5 minutes before
 * it expires; a failed refresh is retried on the next call.
 */
function sharedSession(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let current: ReturnType<AwsCredentialIdentityProvider> | undefined;
  return async (opts) => {
    if (current) {
      try {
        const c = await current;
        if (!c.expiration || c.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS) return c;
      } catch {
        /* refresh below */
      }
    }
    current = provider(opts);
    return current;
  };
}

export function credentialsFor(
  account: AwsAccount,
  purpose: Purpose,
  session: SessionOptions,
): AwsCredentialIdentityProvider {
  const roleArn = roleFor(account, purpose);
  if (!roleArn) return ambientCredentials();
  const key = `${roleArn}|${session.externalId}|${purpose}`;
  let provider = credentialCache.get(key);
  if (!provider) {
    provider = sharedSession(
      fromTemporaryCredentials({
        params: {
          RoleArn: roleArn,
          RoleSessionName: session.sessionName ?? (purpose === 'remediate' ? 'trailhound-remediation' : 'trailhound'),
          ExternalId: session.externalId,
          DurationSeconds: 3600,
        },
        masterCredentials: ambientCredentials(),
        clientConfig: { region: account.regions[0] ?? process.env.AWS_REGION ?? 'us-east-1' },
      }),
    );
    credentialCache.set(key, provider);
  }
  return provider;
}

function addCounter(client: SdkClient, accountId: string): void {
  const mw =
    (next: (a: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
    async (args: unknown) => {
      const service = (context.clientName ?? '').replace(/Client$/, '');
      countApiCall(`${service}:${(context.commandName ?? '').replace(/Command$/, '')}`);
      // Workers share per-account, per-service rates through PostgreSQL (src/queue/rate-bucket.ts).
      const pace = sharedPacer();
      if (pace) await pace(service, accountId);
      return next(args);
    };
  client.middlewareStack.add(mw as never, { step: 'initialize', name: 'trailhoundApiCallCounter' } as never);
}

/**
 * Every attempt (first send and each SDK retry: this runs inside the retry middleware) waits for
 * its API's pace (src/aws/pace.ts); a throttled attempt is counted and slows that API's bucket.
 * `paced: false` for a client whose caller paces and retries by itself (LookupEvents).
 */
function addPacing(client: SdkClient, accountId: string, region: string, paced: boolean): void {
  const mw =
    (next: (a: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
    async (args: unknown) => {
      const service = (context.clientName ?? '').replace(/Client$/, '');
      const api = (context.commandName ?? '').replace(/Command$/, '');
      if (paced) await paceCall(service, api, accountId, region);
      try {
        return await next(args);
      } catch (err) {
        if (isThrottle(err)) {
          countThrottle(`${service}:${api}`);
          if (paced) penaliseCall(service, api, accountId, region);
        }
        throw err;
      }
    };
  client.middlewareStack.add(
    mw as never,
    { step: 'finalizeRequest', priority: 'low', name: 'trailhoundApiPacing' } as never,
  );
}

/** A cached SDK client for this account, region and purpose. */
export function awsClient<C extends SdkClient>(
  Ctor: ClientCtor<C>,
  account: AwsAccount,
  region: string,
  session: SessionOptions & {
    purpose?: Purpose;
    /** Override the SDK's attempts (1 = no SDK retry: the caller paces and retries itself, e.g. LookupEvents). */
    maxAttempts?: number;
  },
): C {
  const purpose = session.purpose ?? 'read';
  const key = `${Ctor.name}|${account.name}|${account.roleArn}|${account.remediationRoleArn}|${region}|${purpose}|${session.externalId}|${session.maxAttempts ?? ''}`;
  let client = clientCache.get(key) as C | undefined;
  if (!client) {
    const maxAttempts = session.maxAttempts ?? Number(process.env.AWS_MAX_ATTEMPTS ?? 6);
    // Undefined outside tests: the SDK builds its own strategy from retryMode.
    const retryStrategy = retryStrategyForTests(maxAttempts);
    client = new Ctor({
      region,
      credentials: credentialsFor(account, purpose, session),
      retryMode: session.maxAttempts === undefined ? 'adaptive' : 'standard',
      maxAttempts,
      ...(retryStrategy ? { retryStrategy } : {}),
    });
    addCounter(client, account.accountId);
    addPacing(client, account.accountId, region, session.maxAttempts === undefined);
    addNonAwsResponseGuard(client);
    clientCache.set(key, client);
  }
  return client;
}

/** Drops cached clients and credentials (tests, account removal). */
export function resetAwsClients(): void {
  for (const c of clientCache.values()) (c as SdkClient).destroy();
  clientCache.clear();
  credentialCache.clear();
  ambient = undefined;
}
