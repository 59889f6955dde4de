/**
 * Messages API exchanges as replay fixtures (evals/fixtures/*.json): recorded from a real run with
 * `--record` through a fetch wrapper, and replayed at the HTTP level with nock so CI runs a real
 * model's tool calls through today's tools, schemas and summaries without a key or network.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const exchangeSchema = z.object({
  request: z.record(z.string(), z.unknown()),
  response: z.object({ status: z.number().int(), body: z.unknown() }),
});
export type Exchange = z.infer<typeof exchangeSchema>;

export const fixtureSchema = z.object({
  case: z.string(),
  model: z.string(),
  /** True when the exchanges were written by hand from the documented API shapes, not recorded. */
  synthetic: z.boolean().default(false),
  source: z.string(),
  recordedAt: z.string().optional(),
  exchanges: z.array(exchangeSchema).min(1),
});
export type Fixture = z.infer<typeof fixtureSchema>;

export const MESSAGES_URL = 'https://api.anthropic.com';

/** A fetch that records each POST /v1/messages request and response body into `into`. */
export function recordingFetch(into: Exchange[], inner: typeof fetch = globalThis.fetch): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const res = await inner(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (/\/v1\/messages(\?|$)/.test(url) && typeof init?.body === 'string') {
      const body = await res.clone().text();
      let parsed: unknown = body;
      try {
        parsed = JSON.parse(body);
      } catch {}
      into.push({ request: JSON.parse(init.body), response: { status: res.status, body: parsed } });
    }
    return res;
  }) as typeof fetch;
}

/** Counts Messages API requests (the loop's iterations). */
export function countingFetch(counter: { n: number }, inner: typeof fetch = globalThis.fetch): typeof fetch {
  return ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    counter.n += 1;
    return inner(input, init);
  }) as typeof fetch;
}

export function loadFixtures(dir: string): { file: string; fixture: Fixture }[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.sort().map((file) => {
    const parsed = fixtureSchema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success)
      throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return { file, fixture: parsed.data };
  });
}

/** Tool names a recorded request offered that the current tool set no longer has. */
export function missingTools(request: Record<string, unknown>, current: string[]): string[] {
  const offered = Array.isArray(request.tools) ? (request.tools as { name?: string }[]).map((t) => t.name ?? '') : [];
  return offered.filter((n) => n && !current.includes(n));
}
