/**
 * Which Claude to talk to: the Anthropic API (ANTHROPIC_API_KEY, ANTHROPIC_MODEL) or Claude on
 * Amazon Bedrock (TRAILHOUND_MODEL_PROVIDER=bedrock, BEDROCK_MODEL_ID, AWS_REGION) through
 * `@anthropic-ai/bedrock-sdk`, which signs each InvokeModel request with SigV4 using the AWS
 * credential chain (environment, profile/SSO, container or instance role) — so investigation data
 * never leaves the customer's AWS. Both expose the same Messages API, so the tool loop, budgets and
 * prompt caching are shared. Errors are turned into what to fix, naming the variable.
 */
import Anthropic from '@anthropic-ai/sdk';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import type { Config } from '../config';

export interface ModelClient {
  provider: 'anthropic' | 'bedrock';
  /** Same Messages API for both providers. */
  client: Anthropic;
  model: string;
  /** An API error → a sentence saying what to fix, or undefined to use the generic text. */
  describeError(err: unknown): string | undefined;
}

type ModelConfig = Pick<
  Config,
  'ANTHROPIC_API_KEY' | 'ANTHROPIC_MODEL' | 'TRAILHOUND_MODEL_PROVIDER' | 'BEDROCK_MODEL_ID' | 'AWS_REGION'
>;

/** The configured model client, or undefined when none is configured (offline planner). */
export function modelClient(config: ModelConfig, o: { maxRetries?: number } = {}): ModelClient | undefined {
  if (config.TRAILHOUND_MODEL_PROVIDER === 'bedrock') {
    if (!config.BEDROCK_MODEL_ID) return undefined; // parseConfig already refuses this
    const client = new AnthropicBedrock({ awsRegion: config.AWS_REGION, maxRetries: o.maxRetries ?? 2 });
    return {
      provider: 'bedrock',
      // The Bedrock client implements the same messages.create; only its constructor differs.
      client: client as unknown as Anthropic,
      model: config.BEDROCK_MODEL_ID,
      describeError: (err) => describeBedrockError(err, config.BEDROCK_MODEL_ID!, client.awsRegion),
    };
  }
  if (!config.ANTHROPIC_API_KEY) return undefined;
  return {
    provider: 'anthropic',
    client: new Anthropic({ apiKey: config.ANTHROPIC_API_KEY, maxRetries: o.maxRetries ?? 2 }),
    model: config.ANTHROPIC_MODEL,
    describeError: () => undefined,
  };
}

/**
 * Bedrock runtime errors (InvokeModel): the exception name comes in the `x-amzn-ErrorType`
 * header, the text in the body's `message`.
 */
export function describeBedrockError(err: unknown, modelId: string, region: string): string | undefined {
  const e = err as { status?: number; message?: string; headers?: Headers | Record<string, string>; error?: unknown };
  const headerType =
    e.headers instanceof Headers
      ? e.headers.get('x-amzn-errortype')
      : (e.headers as Record<string, string> | undefined)?.['x-amzn-errortype'];
  const type = (headerType ?? '').split(':')[0] ?? '';
  const body = e.error as { message?: string; Message?: string } | undefined;
  const text = (body?.message ?? body?.Message ?? e.message ?? '').slice(0, 200);
  if (/credential/i.test(e.message ?? '') && !e.status)
    return `no AWS credentials were found for Bedrock (${text}): run in a role, or set AWS_PROFILE / AWS_ACCESS_KEY_ID, with bedrock:InvokeModel on ${modelId}`;
  if (e.status === 403 || type === 'AccessDeniedException' || type === 'UnrecognizedClientException')
    return `Bedrock refused InvokeModel on ${modelId} in ${region} (${type || e.status}: ${text}): allow bedrock:InvokeModel on the model (or inference profile) for the AWS identity Trailhound runs as, and enable access to the model in the Bedrock console → Model access`;
  if (e.status === 404 || type === 'ResourceNotFoundException')
    return `Bedrock has no model ${modelId} in ${region} (${text}): check BEDROCK_MODEL_ID (Bedrock console → Model catalog, or an inference profile id such as us.anthropic.…) and AWS_REGION`;
  if (type === 'ValidationException' && /model identifier|on-demand throughput|inference profile/i.test(text))
    return `Bedrock cannot invoke ${modelId} directly in ${region} (${text}): set BEDROCK_MODEL_ID to an inference profile id (e.g. us.anthropic.… or global.anthropic.…)`;
  if (e.status === 429 || type === 'ThrottlingException' || type === 'ServiceQuotaExceededException')
    return `Bedrock throttled the model (${type || 429}): try again in a minute, or raise the Bedrock quota for ${modelId}`;
  if (e.status === 503 || type === 'ServiceUnavailableException' || type === 'ModelNotReadyException')
    return `Bedrock is unavailable for ${modelId} right now (${type || e.status}): try again shortly`;
  return undefined;
}
