/**
 * One JSON request over `fetch` for the vendor REST APIs that have no SDK here (CrowdStrike
 * Falcon, Microsoft Graph, Google Directory, JumpCloud, OneLogin): a timeout, retries of 429 and
 * 5xx after the wait the service asked for (the caller says how to read it from the headers),
 * and an HttpError carrying the status and the vendor's error text — never the request's secrets.
 */

export class HttpError extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
    /** The vendor's own error text from the body (bounded), if any. */
    readonly detail: string,
    readonly headers: Headers,
  ) {
    super(`${service} answered HTTP ${status}${detail ? `: ${detail}` : ''}`);
    this.name = 'HttpError';
  }
}

/** The request never got an answer (DNS, TLS, connection refused, timeout). */
export class NetworkError extends Error {
  constructor(
    readonly service: string,
    readonly url: string,
    cause: unknown,
  ) {
    super(`${service} could not be reached at ${new URL(url).origin} (${(cause as Error)?.message ?? String(cause)})`);
    this.name = 'NetworkError';
  }
}

export interface RetryPolicy {
  /** Retries after 429/5xx (default 3). */
  maxRetries?: number;
  /** Milliseconds to wait before retrying this response, from its headers; undefined = backoff. */
  retryAfterMs?(res: Response, now: number): number | undefined;
  /** Longest wait honoured (default 60 s): a longer one fails instead of hanging the question. */
  maxWaitMs?: number;
}

export interface JsonRequest {
  service: string;
  url: string;
  method?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a URLSearchParams as a form. */
  body?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
  retry?: RetryPolicy;
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface JsonResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `Retry-After` as seconds or an HTTP date (RFC 9110). */
export function retryAfterHeader(res: Response, now: number): number | undefined {
  const v = res.headers.get('retry-after');
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

function errorText(body: string): string {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const e = j.error as Record<string, unknown> | string | undefined;
    const parts = [
      typeof e === 'string' ? e : (e?.message ?? e?.code),
      j.error_description,
      j.message,
      (j.status as { message?: unknown } | undefined)?.message,
      Array.isArray(j.errors) ? (j.errors[0] as { message?: string } | undefined)?.message : undefined,
    ].filter((x): x is string => typeof x === 'string' && !!x);
    return [...new Set(parts)].join(' — ').slice(0, 300);
  } catch {
    return body.replace(/\s+/g, ' ').trim().slice(0, 200);
  }
}

export async function fetchJson<T>(req: JsonRequest): Promise<JsonResponse<T>> {
  const sleep = req.sleep ?? defaultSleep;
  const now = req.now ?? Date.now;
  const maxRetries = req.retry?.maxRetries ?? 3;
  const maxWait = req.retry?.maxWaitMs ?? 60_000;
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (req.body instanceof URLSearchParams) {
    body = req.body.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['content-type'] = 'application/json';
  }
  for (let attempt = 0; ; attempt++) {
    const signals = [AbortSignal.timeout(req.timeoutMs ?? 30_000), ...(req.signal ? [req.signal] : [])];
    let res: Response;
    try {
      res = await fetch(req.url, { method: req.method ?? 'GET', headers, body, signal: AbortSignal.any(signals) });
    } catch (err) {
      if (req.signal?.aborted) throw err;
      if (attempt < maxRetries) {
        await sleep(500 * 2 ** attempt);
        continue;
      }
      throw new NetworkError(req.service, req.url, err);
    }
    const text = await res.text();
    if (res.ok) {
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        throw new HttpError(req.service, res.status, 'the response was not JSON', res.headers);
      }
      return { status: res.status, headers: res.headers, body: parsed as T };
    }
    const retryable = res.status === 429 || res.status >= 500;
    if (retryable && attempt < maxRetries) {
      const asked = req.retry?.retryAfterMs?.(res, now()) ?? retryAfterHeader(res, now());
      const wait = asked ?? Math.min(8_000, 500 * 2 ** attempt);
      if (wait <= maxWait) {
        await sleep(Math.max(0, wait));
        continue;
      }
    }
    throw new HttpError(req.service, res.status, errorText(text), res.headers);
  }
}
