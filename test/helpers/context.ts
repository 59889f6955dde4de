/** A ToolContext for tests: evidence or live sources, an optional database, a fixed clock. */
import type { AwsAccount } from '../../src/aws/accounts';
import { resetAwsClients } from '../../src/aws/clients';
import { resetPacing } from '../../src/aws/pace';
import { parseConfig } from '../../src/config';
import type { Db } from '../../src/db/client';
import { evidenceSources, perAccount } from '../../src/runtime/build-context';
import { knownBadFromConfig } from '../../src/sources/evidence/known-bad-ips';
import { LiveIamSource } from '../../src/sources/live/iam';
import { falconSource } from '../../src/sources/falcon';
import { liveIdp } from '../../src/sources/live/idp';
import { liveRegional } from '../../src/sources/live/posture';
import { liveGlobal } from '../../src/sources/live/s3';
import type { SourceFactory, ToolContext } from '../../tools/context';
import { LiveTrailSource } from '../../src/sources/live/cloudtrail';
import { atFileEnd } from './file-end';

// Live sources cache SDK clients and pace per account and region: none outlives its test file.
atFileEnd(() => {
  resetAwsClients();
  resetPacing();
});

export const TEST_EXTERNAL_ID = '8b1f6a52-4b5c-4d0e-9a39-0f5d2c7e1a11';

export function testAccount(over: Partial<AwsAccount> = {}): AwsAccount {
  return {
    name: 'prod',
    accountId: '123456789012',
    roleArn: null,
    regions: ['us-east-1'],
    remediationRoleArn: null,
    ...over,
  };
}

export function liveContext(
  o: {
    accounts?: AwsAccount[];
    db?: Db;
    now?: Date;
    env?: Record<string, string>;
    sources?: Partial<SourceFactory>;
  } = {},
): ToolContext {
  const config = parseConfig(o.env ?? {});
  const sources: SourceFactory = {
    mode: 'live',
    externalId: TEST_EXTERNAL_ID,
    trail: (a) => new LiveTrailSource(a, { externalId: TEST_EXTERNAL_ID, perSecond: 1000 }),
    iam: perAccount(
      (a) =>
        new LiveIamSource(a, {
          externalId: TEST_EXTERNAL_ID,
          now: () => o.now ?? new Date('2026-11-23T09:00:00Z'),
          pollDelayMs: 1,
        }),
    ),
    regional: (a) => liveRegional(a, { externalId: TEST_EXTERNAL_ID }),
    global: (a) => liveGlobal(a, { externalId: TEST_EXTERNAL_ID }),
    idp: () => liveIdp(config),
    falcon: () => falconSource({ config }),
    knownBadIps: () => knownBadFromConfig(config),
    ...o.sources,
  };
  return {
    mode: 'live',
    accounts: o.accounts ?? [testAccount()],
    sources,
    config,
    db: o.db,
    actor: 'test:analyst',
    now: () => o.now ?? new Date('2026-11-23T09:00:00Z'),
    progress: () => {},
  };
}

export async function evidenceContext(
  dir: string,
  o: { db?: Db; now?: Date; env?: Record<string, string> } = {},
): Promise<ToolContext> {
  const config = parseConfig(o.env ?? {});
  const ev = await evidenceSources(dir, config);
  return {
    mode: 'evidence',
    accounts: [ev.account],
    sources: ev.sources,
    config,
    db: o.db,
    actor: 'test:analyst',
    now: () => o.now ?? new Date('2026-11-23T09:00:00Z'),
    progress: () => {},
  };
}
