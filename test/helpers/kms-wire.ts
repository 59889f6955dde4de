/** KMS at the HTTP level (awsJson1_1, `X-Amz-Target: TrentService.<Op>`), routed by operation and key. */
import { readFileSync } from 'node:fs';
import nock from 'nock';

export const kmsWire = (p: string) => readFileSync(`test/fixtures/wire/kms/${p}`, 'utf8');
const JSON_1_1 = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-kms' };

export type KmsReply = [number, string] | ((n: number) => [number, string]);

export const CUSTOMER_KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const AWS_KEY = '0987dcba-09fe-87dc-65ba-ab0987654321';

/** Route keys: `<Op>` or `<Op> <KeyId>`. Returns the calls made, in order. */
export function serveKms(region: string, routes: Record<string, KmsReply>): string[] {
  const seen: string[] = [];
  const counts = new Map<string, number>();
  nock(`https://kms.${region}.amazonaws.com`)
    .persist()
    .post('/')
    .reply(function (_uri, body) {
      const op = String(this.req.headers['x-amz-target']).split('.').pop()!;
      const b = (typeof body === 'string' ? JSON.parse(body || '{}') : body) as { KeyId?: string };
      const key = b.KeyId ? `${op} ${b.KeyId}` : op;
      seen.push(key);
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      const r = routes[key] ?? routes[op];
      if (!r) return [400, JSON.stringify({ __type: 'InternalFailure', message: `unexpected ${key}` }), JSON_1_1];
      const [status, text] = typeof r === 'function' ? r(n) : r;
      return [status, text, JSON_1_1];
    });
  return seen;
}

export const KMS_OK: Record<string, KmsReply> = {
  ListKeys: [200, kmsWire('list-keys.json')],
  [`DescribeKey ${CUSTOMER_KEY}`]: [200, kmsWire('describe-key-customer.json')],
  [`DescribeKey ${AWS_KEY}`]: [200, kmsWire('describe-key-aws.json')],
  GetKeyPolicy: [200, kmsWire('get-key-policy.json')],
  GetKeyRotationStatus: [200, kmsWire('get-key-rotation-status.json')],
};

/** An empty region: ListKeys returns no key. */
export const KMS_EMPTY: Record<string, KmsReply> = { ListKeys: [200, '{"Keys":[],"Truncated":false}'] };
