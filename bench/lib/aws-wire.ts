/**
 * Minimal AWS wire serialisers for local benchmark endpoints: awsQuery XML (IAM: lists as
 * <member>), EC2 query XML (lists as <item>, lowerCamelCase names) and awsJson1_1 (CloudTrail).
 */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** awsQuery: objects → elements, arrays → <member>…</member>. */
export function queryXml(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => `<member>${queryXml(x)}</member>`).join('');
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined && x !== null)
      .map(([k, x]) => `<${k}>${queryXml(x)}</${k}>`)
      .join('');
  return esc(String(v));
}

export function iamResponse(action: string, result: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${action}Result>${queryXml(result)}</${action}Result><ResponseMetadata><RequestId>bench-0000</RequestId></ResponseMetadata></${action}Response>`;
}

/** EC2 query: objects → elements, arrays → <item>…</item> (names given already in EC2's lowerCamelCase). */
export function ec2Xml(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => `<item>${ec2Xml(x)}</item>`).join('');
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined && x !== null)
      .map(([k, x]) => `<${k}>${ec2Xml(x)}</${k}>`)
      .join('');
  return esc(String(v));
}

export function ec2Response(action: string, body: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>bench-0000</requestId>${ec2Xml(body)}</${action}Response>`;
}
