/**
 * Claude on Amazon Bedrock at the HTTP level: the same tool loop, sent as SigV4-signed
 * InvokeModel requests to bedrock-runtime with the AWS credential chain (here: the environment),
 * Bedrock's request body (anthropic_version in the body, no model field, cache_control kept), and Bedrock's
 * documented errors turned into what to fix.
 */
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runClaudeLoop } from '../../src/agent/claude-loop';
import { modelClient } from '../../src/agent/model-client';
import { ConfigError, parseConfig } from '../../src/config';
import { allTools } from '../../tools/index';
import { evidenceContext } from '../helpers/context';

const REGION = 'us-west-2';
const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const HOST = `https://bedrock-runtime.${REGION}.amazonaws.com`;
// The SDK sends the model id unescaped in the path (the colon included).
const PATH = `/model/${MODEL}/invoke`;
const wire = (n: string) => readFileSync(`test/fixtures/wire/bedrock/${n}`, 'utf8');
const JSONH = { 'content-type': 'application/json', 'x-amzn-requestid': 'b7c1a4e2-8d3f-4a61-9e0b-5c2d7f1a3e94' };
const ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN',
};
const saved: Record<string, string | undefined> = {};

beforeAll(() => {
  for (const [k, v] of Object.entries(ENV)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  for (const k of ['AWS_PROFILE', 'AWS_BEARER_TOKEN_BEDROCK', 'ANTHROPIC_BEDROCK_BASE_URL']) {
    saved[k] = process.env[k];
    delete process.env[k];
  }
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});
afterEach(() => nock.cleanAll());

const config = () => parseConfig({ TRAILHOUND_MODEL_PROVIDER: 'bedrock', BEDROCK_MODEL_ID: MODEL, AWS_REGION: REGION });

async function loop() {
  const mc = modelClient(config(), { maxRetries: 0 })!;
  const ctx = await evidenceContext('evidence/integrations', { now: new Date('2026-11-23T09:00:00Z') });
  const tools = allTools({
    remediation: false,
    env: { config: ctx.config, evidenceDir: ctx.sources.evidenceDir, sources: ctx.sources },
  });
  return runClaudeLoop(
    ctx,
    [{ role: 'user', content: 'What AWS activity is related to the CrowdStrike alert on LT-JDOE-01?' }],
    {
      client: mc.client,
      model: mc.model,
      describeError: mc.describeError,
      tools,
      maxIterations: 4,
      maxTokens: 200_000,
      timeoutMs: 60_000,
    },
  );
}

describe('Claude on Amazon Bedrock', () => {
  it('needs BEDROCK_MODEL_ID when the provider is bedrock', () => {
    expect(() => parseConfig({ TRAILHOUND_MODEL_PROVIDER: 'bedrock' })).toThrow(ConfigError);
    expect(() => parseConfig({ TRAILHOUND_MODEL_PROVIDER: 'bedrock' })).toThrow(/BEDROCK_MODEL_ID/);
    expect(() => parseConfig({ TRAILHOUND_MODEL_PROVIDER: 'openai' })).toThrow(/TRAILHOUND_MODEL_PROVIDER/);
    expect(modelClient(parseConfig({}))).toBeUndefined();
    expect(modelClient(parseConfig({ ANTHROPIC_API_KEY: 'sk-ant-x' }))?.provider).toBe('anthropic');
  });

  it('runs the tool loop through SigV4-signed InvokeModel requests, keeping prompt caching', async () => {
    const bodies: Record<string, unknown>[] = [];
    const auth: string[] = [];
    const scope = nock(HOST)
      .post(PATH)
      .times(2)
      .reply(function (_uri, body) {
        bodies.push(body as Record<string, unknown>);
        auth.push(String(this.req.headers.authorization));
        expect(this.req.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
        expect(this.req.headers['x-amz-security-token']).toBe(ENV.AWS_SESSION_TOKEN);
        return [200, bodies.length === 1 ? wire('invoke-model-tool-use.json') : wire('invoke-model-final.json'), JSONH];
      });
    const out = await loop();
    expect(scope.isDone()).toBe(true);
    for (const a of auth)
      expect(a).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-west-2\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
      );
    // Bedrock takes the API version from the body (the SDK moves the anthropic-version header there).
    expect(bodies[0]!.anthropic_version).toMatch(/^\d{4}-\d{2}-\d{2}$|^bedrock-/);
    expect(bodies[0]!.model).toBeUndefined();
    expect(JSON.stringify(bodies[0]!.system)).toContain('"cache_control":{"type":"ephemeral"}');
    expect(out.partial).toBe(false);
    expect(out.toolRuns.map((r) => [r.name, r.ok])).toEqual([['crowdstrike_correlate', true]]);
    expect(out.usage.cacheReadTokens).toBe(1820);
    expect(out.text).toMatch(/ci-deployer/);
  });

  it('AccessDeniedException says which IAM permission and model access to enable', async () => {
    nock(HOST)
      .post(PATH)
      .reply(403, wire('error-access-denied.json'), {
        ...JSONH,
        'x-amzn-errortype': 'AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/',
      });
    const out = await loop();
    expect(out.partial).toBe(true);
    expect(out.text).toMatch(/bedrock:InvokeModel/);
    expect(out.text).toMatch(/Model access/);
    expect(out.text).not.toMatch(/ANTHROPIC_API_KEY/);
  });

  it('an on-demand model id asks for an inference profile in BEDROCK_MODEL_ID', async () => {
    nock(HOST)
      .post(PATH)
      .reply(400, wire('error-validation-on-demand.json'), {
        ...JSONH,
        'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/',
      });
    const out = await loop();
    expect(out.text).toMatch(/BEDROCK_MODEL_ID to an inference profile/);
  });

  it('ThrottlingException is reported as throttling, with the quota to raise', async () => {
    nock(HOST)
      .post(PATH)
      .reply(429, wire('error-throttling.json'), {
        ...JSONH,
        'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/',
      });
    const out = await loop();
    expect(out.text).toMatch(/Bedrock throttled the model/);
  });
});
