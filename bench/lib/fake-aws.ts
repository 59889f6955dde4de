/**
 * The local fake AWS endpoint the benchmarks serve generated accounts from: an HTTP server that
 * answers every request after a fixed latency, and AWS_ENDPOINT_URL pointed at it so the SDK signs,
 * sends, paginates and parses as against AWS. Handlers route by the SigV4 credential scope
 * (`signingScope`); the wire shapes live in ./workload-wire.ts and ./services-bench.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Reply } from './workload-wire';

/** Region and signing service name from the request's SigV4 Authorization header. */
export function signingScope(req: IncomingMessage): { region: string; service: string } {
  const m = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
  return { region: m?.[1] ?? 'us-east-1', service: m?.[2] ?? 'unknown' };
}

/** Starts the fake and points AWS_ENDPOINT_URL at it; `close()` stops it and restores the variable. */
export async function startFakeAws(
  latencyMs: number,
  handle: (req: IncomingMessage, body: string) => Reply,
): Promise<{ close(): void }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const out = handle(req, Buffer.concat(chunks).toString('utf8'));
      setTimeout(() => {
        res.writeHead(out.status, {
          'content-type': out.type,
          'x-amzn-requestid': 'bench',
          'x-amz-request-id': 'bench',
          ...(out.headers ?? {}),
        });
        res.end(out.text);
      }, latencyMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const prev = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    close() {
      server.close();
      if (prev === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = prev;
    },
  };
}
