import type { PolicyStatement } from '../../iam/policy-document';
import { asList } from '../../iam/policy-document';
import { bucketArn, bucketsWith, withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

/** A Deny to everyone of s3:* (or *) when aws:SecureTransport is false. */
function deniesHttp(s: PolicyStatement): boolean {
  if (s.Effect !== 'Deny') return false;
  const everyone =
    s.Principal === '*' || asList((s.Principal as Record<string, string> | undefined)?.AWS).includes('*');
  if (!everyone || !asList(s.Action).some((a) => a === '*' || a.toLowerCase() === 's3:*')) return false;
  for (const [op, kv] of Object.entries(s.Condition ?? {})) {
    if (!/^bool$/i.test(op)) continue;
    for (const [k, v] of Object.entries(kv ?? {}))
      if (k.toLowerCase() === 'aws:securetransport' && (Array.isArray(v) ? v : [v]).map(String).includes('false'))
        return true;
  }
  return false;
}

export default defineRule({
  id: 's3-bucket-ssl-not-enforced',
  title: 'S3 bucket policy does not deny plain-HTTP requests',
  severity: 'medium',
  service: 's3',
  cis: '2.1.1',
  rationale:
    'Without a Deny on aws:SecureTransport=false, clients may read and write the bucket over unencrypted HTTP, exposing data and signed requests on the network path.',
  remediation:
    'Add to the bucket policy a statement {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::BUCKET","arn:aws:s3:::BUCKET/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}:\n' +
    'aws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json',
  needs: ['global.buckets'],
  evaluate(s) {
    const { read, unchecked } = bucketsWith(s, ['Policy']);
    const findings = read
      .filter((b) => !b.Policy?.Statement.some(deniesHttp))
      .map((b) => ({
        resourceId: bucketArn(b.Name),
        resourceType: 'AWS::S3::Bucket',
        region: b.Region,
        message: `Bucket ${b.Name}: ${b.Policy ? 'its policy does not deny' : 'it has no policy denying'} requests without TLS (aws:SecureTransport).`,
      }));
    return withUnchecked(findings, unchecked);
  },
});
