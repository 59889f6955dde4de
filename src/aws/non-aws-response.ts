/**
 * Recognises an answer that did not come from AWS — a proxy's error page, a captive portal, an
 * emulator missing an API — before the SDK parses it. Without this, an HTML page served with status
 * 200 to a query-protocol API (IAM, EC2, STS) parses as an empty result: a silent "nothing found".
 * The guard runs inside the SDK's deserializer and turns such a response into a NonAwsResponseError
 * that names the API, the HTTP status and the content type. Response text is attacker-influenced:
 * only a short, printable excerpt is kept.
 */

export class NonAwsResponseError extends Error {
  readonly $metadata: { httpStatusCode: number };
  readonly $fault: 'client' | 'server';
  constructor(
    readonly api: string,
    readonly statusCode: number,
    readonly contentType: string,
    readonly excerpt: string,
  ) {
    super(
      `${api} returned a non-AWS response (HTTP ${statusCode}, ${contentType || 'no content type'})${excerpt ? `: ${excerpt}` : ''}`,
    );
    this.name = 'NonAwsResponseError';
    this.$metadata = { httpStatusCode: statusCode };
    this.$fault = statusCode >= 500 ? 'server' : 'client';
  }
}

/** A short, printable excerpt of a response body (tags and control characters removed). */
export function bodyExcerpt(text: string, max = 120): string {
  const t = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** True for a content type no AWS API answers with (AWS answers XML, JSON, CBOR or binary payloads). */
export function isNonAwsContentType(contentType: string): boolean {
  return /^\s*text\/html\b/i.test(contentType) || /^\s*application\/xhtml\+xml\b/i.test(contentType);
}

interface RawResponse {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body?: unknown;
}

async function readBody(body: unknown): Promise<string> {
  if (body == null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body as AsyncIterable<Uint8Array | string>) {
    const b = typeof c === 'string' ? Buffer.from(c) : Buffer.from(c);
    chunks.push(b);
    size += b.length;
    if (size > 16_384) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Service and operation as people write them: `iam ListUsers`. */
function apiName(context: { clientName?: string; commandName?: string }): string {
  const service = (context.clientName ?? 'AWS').replace(/Client$/, '').toLowerCase();
  return `${service} ${(context.commandName ?? 'request').replace(/Command$/, '')}`;
}

export const nonAwsResponseGuard =
  (next: (a: unknown) => Promise<{ response: unknown }>, context: { clientName?: string; commandName?: string }) =>
  async (args: unknown) => {
    const out = await next(args);
    const res = out.response as RawResponse;
    const contentType = String(res?.headers?.['content-type'] ?? res?.headers?.['Content-Type'] ?? '');
    if (res && isNonAwsContentType(contentType)) {
      const text = await readBody(res.body).catch(() => '');
      throw new NonAwsResponseError(
        apiName(context),
        res.statusCode,
        contentType.split(';')[0]!.trim(),
        bodyExcerpt(text),
      );
    }
    return out;
  };

/** Adds the guard to a client, inside the deserializer (it sees the raw response first). */
export function addNonAwsResponseGuard(client: { middlewareStack: { add: (mw: never, opts: never) => void } }): void {
  client.middlewareStack.add(
    nonAwsResponseGuard as never,
    { step: 'deserialize', priority: 'low', name: 'trailhoundNonAwsResponseGuard' } as never,
  );
}
