/**
 * Global test setup: no real network (AWS, Slack, Okta and Anthropic are replayed with nock at the
 * HTTP level), fake static AWS credentials so requests are signed, and no stray configuration.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { resetInFlight } from '../../src/approvals/in-flight';
import { setLimiterClockForTests } from '../../src/aws/rate-limit';
import { setRetryDelayForTests } from '../../src/aws/test-retries';
import { setOperatorLoginForTests } from '../../src/cli/operator';
import { resetConfig } from '../../src/config';
import { clearIdpCache } from '../../src/idp/cache';
import { runFileEnd } from './file-end';
import { virtualClock } from './virtual-clock';

process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLETESTKEY00';
process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_MAX_ATTEMPTS = '3';
delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_ENDPOINT_URL;
delete process.env.ANTHROPIC_API_KEY;
delete process.env.SLACK_BOT_TOKEN;
delete process.env.OKTA_API_TOKEN;
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
// No test writes to the real per-user data folder (~/.local/share/trailhound).
process.env.XDG_DATA_HOME = mkdtempSync(join(tmpdir(), 'th-xdg-'));
delete process.env.TRAILHOUND_DATA_DIR;
// SDK retries still happen (tests count the attempts) but 1 ms apart, not after the SDK's backoff
// (seconds per throttled retry on a real clock). The same for every file: never reset.
setRetryDelayForTests(1);
// Pacing (per-API buckets, LookupEvents' 2/s, a throttle's push-back of every waiter) runs on a
// virtual clock: the same order of calls, no real seconds waited (~40 s over the suite). Files that
// assert pacing times pass their own clock. Put back after every file (a file may set another).
const paced = virtualClock();
setLimiterClockForTests(paced);

beforeAll(() => {
  nock.disableNetConnect();
  // Local servers started by tests (Bolt's HTTP receiver, benchmark endpoints) are allowed.
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
});

afterEach(() => {
  nock.cleanAll();
});

// The environment as every file starts with it: what a file sets or deletes is put back at its end,
// and the configuration parsed from it forgotten (files share a process in the shared project).
const env = { ...process.env };
afterAll(() => {
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  Object.assign(process.env, env);
  resetConfig();
});

// Module state with no imports of its own, cheap to load everywhere: executions in flight (and the
// draining flag a shutdown sets), the IdP lookup cache, the CLI operator a test played. Then what helpers registered (test
// databases, cached AWS clients). Per file, also where files share modules.
afterAll(async () => {
  setLimiterClockForTests(paced);
  resetInFlight();
  clearIdpCache();
  setOperatorLoginForTests(undefined);
  await runFileEnd();
});

// ---------------------------------------------------------------------------------------------
// Vitest's own process-wide switches and the `src/` module caches tests set, put back so that files
// using them can share a worker (vitest.config.ts moves their markers from PROCESS_GLOBAL to
// RESET_BY_SETUP only because of these resets: a new module cache needs its reset here first).
// Setup `afterEach` hooks run after a file's own (hooks run in reverse), so a file that awaits a
// clean-up with fake timers still has them until it is done.
afterEach(() => {
  vi.useRealTimers(); // also puts back a Date set by vi.setSystemTime
  vi.restoreAllMocks(); // vi.spyOn spies (not vi.mock modules: a file that mocks a module stays isolated)
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

// Only where files share a worker, the `shared` project (which runs the unit files too): imported
// here, not at the top, so an isolated file, alone in its process, does not load the Okta SDK or
// the tools for nothing.
// biome-ignore lint/correctness/noEmptyPattern: Vitest 4 passes the file second and wants the first destructured
afterAll(async ({}, file) => {
  if (file.file.projectName !== 'shared') return;
  const [
    { setThreatTagger },
    { clearOktaCache },
    { clearFalconClients },
    { clearRegisteredSecrets },
    { setSharedPacer },
  ] = await Promise.all([
    import('../../tools/cloudtrail-search'),
    import('../../src/okta/okta-idp'),
    import('../../src/sources/falcon'),
    import('../../src/log'),
    import('../../src/aws/rate-limit'),
  ]);
  setThreatTagger(undefined);
  clearOktaCache();
  clearFalconClients();
  clearRegisteredSecrets();
  setSharedPacer(undefined);
});
