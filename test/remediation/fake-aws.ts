/**
 * A recording fake of the AWS endpoints remediation talks to, at the HTTP level (nock): STS
 * (AssumeRole), IAM and EC2 (query protocol, XML), WAFv2 (JSON 1.1). Responses are the real wire
 * fixtures; every request is recorded with its action, parameters, the key that signed it and
 * whether it mutates, so tests can assert that nothing mutating happened outside an approved execution.
 */
import nock from 'nock';
import { wire } from '../helpers/fixtures';

export const ACCOUNT_ID = '222222222222';
export const READ_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/TrailhoundReadOnly`;
export const REMEDIATION_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/TrailhoundRemediation`;
/** The temporary key AssumeRole returns for each role (the real fixture's key for the read role). */
export const READ_KEY = 'ASIAIOSFODNN7EXAMPLE';
export const REMEDIATION_KEY = 'ASIAREMEDIATE7EXAMPL';

export interface Call {
  service: 'sts' | 'iam' | 'ec2' | 'wafv2';
  host: string;
  action: string;
  params: Record<string, any>;
  /** The access key id in the SigV4 Authorization header. */
  signedWith: string;
  mutating: boolean;
}

type Reply = [number, string] | ((params: Record<string, any>, call: Call) => [number, string]);

const READ_PREFIX = /^(Get|List|Describe|AssumeRole$|GetCallerIdentity$)/;

export function isMutating(service: string, action: string, params: Record<string, any>): boolean {
  if (service === 'sts') return false;
  if (READ_PREFIX.test(action)) return false;
  if (service === 'ec2' && String(params.DryRun) === 'true') return false;
  return true;
}

export const xmlOk = (path: string): [number, string] => [200, wire(path)];
export const xmlErr = (path: string, status: number): [number, string] => [status, wire(path)];

export class FakeAws {
  readonly calls: Call[] = [];
  private handlers = new Map<string, Reply[]>();

  constructor(regions: string[] = ['us-east-1']) {
    const stsHosts = new Set(['https://sts.amazonaws.com', ...regions.map((r) => `https://sts.${r}.amazonaws.com`)]);
    for (const h of stsHosts) this.intercept('sts', h, 'text/xml');
    this.intercept('iam', 'https://iam.amazonaws.com', 'text/xml');
    for (const r of new Set([...regions, 'us-east-1'])) {
      this.intercept('ec2', `https://ec2.${r}.amazonaws.com`, 'text/xml;charset=UTF-8');
      this.intercept('wafv2', `https://wafv2.${r}.amazonaws.com`, 'application/x-amz-json-1.1');
    }
    this.on('sts', 'AssumeRole', (p) => {
      const body = wire('sts/assume-role.xml');
      return [200, p.RoleArn === REMEDIATION_ROLE ? body.replace(READ_KEY, REMEDIATION_KEY) : body];
    });
  }

  private intercept(service: Call['service'], host: string, contentType: string): void {
    const self = this;
    nock(host)
      .persist()
      .post('/')
      .reply(function (_uri, body) {
        const raw = typeof body === 'string' ? body : JSON.stringify(body);
        let action: string;
        let params: Record<string, any>;
        if (service === 'wafv2') {
          action =
            String(this.req.headers['x-amz-target'] ?? '')
              .split('.')
              .pop() ?? '';
          params = typeof body === 'object' && body ? (body as Record<string, any>) : JSON.parse(raw || '{}');
        } else {
          params =
            typeof body === 'object' && body
              ? (body as Record<string, any>)
              : Object.fromEntries(new URLSearchParams(raw));
          action = String(params.Action ?? '');
        }
        const auth = String(this.req.headers.authorization ?? '');
        const call: Call = {
          service,
          host,
          action,
          params,
          signedWith: /Credential=([A-Z0-9]+)\//.exec(auth)?.[1] ?? '',
          mutating: isMutating(service, action, params),
        };
        self.calls.push(call);
        const [status, text] = self.respond(service, action, params, call);
        return [
          status,
          text,
          { 'Content-Type': contentType, 'x-amzn-RequestId': 'c6104cbe-af31-11e0-8154-cbc7ccf896c7' },
        ];
      });
  }

  private respond(service: string, action: string, params: Record<string, any>, call: Call): [number, string] {
    const q = this.handlers.get(`${service}:${action}`);
    if (!q || q.length === 0) {
      return service === 'wafv2'
        ? [
            400,
            JSON.stringify({
              __type: 'WAFInternalErrorException',
              message: `fake AWS: no response queued for ${action}`,
            }),
          ]
        : [
            400,
            `<ErrorResponse><Error><Type>Sender</Type><Code>FakeNotMocked</Code><Message>fake AWS: no response queued for ${service}:${action}</Message></Error><RequestId>x</RequestId></ErrorResponse>`,
          ];
    }
    const r = q.length > 1 ? q.shift()! : q[0]!;
    return typeof r === 'function' ? r(params, call) : r;
  }

  /** Queues responses for an action; the last one repeats. */
  on(service: Call['service'], action: string, ...replies: Reply[]): this {
    this.handlers.set(`${service}:${action}`, replies);
    return this;
  }

  mutatingCalls(): Call[] {
    return this.calls.filter((c) => c.mutating);
  }

  actions(service?: string): string[] {
    return this.calls.filter((c) => c.service !== 'sts' && (!service || c.service === service)).map((c) => c.action);
  }
}
