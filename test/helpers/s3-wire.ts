/** S3 and S3 Control at the HTTP level (REST-XML), routed by bucket, region and sub-resource. */
import { readFileSync } from 'node:fs';
import nock from 'nock';

export const s3wire = (p: string) => readFileSync(`test/fixtures/wire/s3/${p}`, 'utf8');
const wire = s3wire;
const XML = { 'content-type': 'application/xml', 'x-amz-request-id': 'req-1' };

export type S3Reply = [number, string] | ((n: number) => [number, string]);
type Reply = S3Reply;

/**
 * Serves S3 and S3 Control GETs. Route keys: `ListBuckets`, `ListBuckets+page`,
 * `control publicAccessBlock`, `<bucket>@<region> <sub-resource>` or `* <sub-resource>` for any
 * bucket. Returns the keys requested, in order.
 */
export function serveS3(routes: Record<string, Reply>): string[] {
  const seen: string[] = [];
  const counts = new Map<string, number>();
  nock(/s3[.-][a-z0-9.-]*amazonaws\.com/)
    .persist()
    .get(/.*/)
    .reply(function (uri) {
      const host = String(this.req.headers.host);
      const u = new URL(uri, `https://${host}`);
      let key: string;
      if (host.includes('s3-control')) key = `control ${u.pathname.split('/').pop()}`;
      else {
        const bucket = host.split('.s3.')[0]!;
        const region = /\.s3\.([a-z0-9-]+)\.amazonaws/.exec(host)?.[1] ?? 'us-east-1';
        const sub = [...u.searchParams.keys()].find(
          (k) => k !== 'x-id' && k !== 'max-buckets' && k !== 'continuation-token',
        );
        key =
          host.startsWith('s3.') || bucket === host
            ? `ListBuckets${u.searchParams.get('continuation-token') ? '+page' : ''}`
            : `${bucket}@${region} ${sub}`;
      }
      seen.push(key);
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      const r = routes[key] ?? routes[key.replace(/^\S+@\S+ /, '* ')];
      if (!r) return [500, `<Error><Code>InternalError</Code><Message>unexpected ${key}</Message></Error>`, XML];
      const [status, body] = typeof r === 'function' ? r(n) : r;
      return [status, body, status === 200 && body.startsWith('{') ? { 'content-type': 'application/json' } : XML];
    });
  return seen;
}

export const S3_OK: Record<string, Reply> = {
  'control publicAccessBlock': [200, wire('s3control-get-public-access-block.xml')],
  ListBuckets: [200, wire('list-buckets-page1.xml')],
  'ListBuckets+page': [200, wire('list-buckets-page2.xml')],
  'acme-vendor-drop@us-east-1 location': [200, wire('get-bucket-location-eu.xml')],
  '* publicAccessBlock': [200, wire('get-public-access-block.xml')],
  '* policy': [404, wire('error-no-such-bucket-policy.xml')],
  '* acl': [200, wire('get-bucket-acl.xml')],
  '* encryption': [200, wire('get-bucket-encryption.xml')],
  '* logging': [200, wire('get-bucket-logging.xml')],
  '* versioning': [200, wire('get-bucket-versioning.xml')],
  'acme-public-site@eu-west-1 publicAccessBlock': [404, wire('error-no-such-public-access-block.xml')],
  'acme-public-site@eu-west-1 policy': [200, wire('get-bucket-policy-public.json')],
  'acme-public-site@eu-west-1 logging': [200, wire('get-bucket-logging-off.xml')],
  'acme-public-site@eu-west-1 versioning': [200, wire('get-bucket-versioning-never.xml')],
};
