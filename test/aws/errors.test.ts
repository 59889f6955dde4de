import { describe, expect, it } from 'vitest';
import { explainAwsError, isThrottle } from '../../src/aws/errors';

const err = (name: string, message = '') => Object.assign(new Error(message), { name });
const ctx = {
  api: 'cloudtrail:LookupEvents',
  account: 'prod',
  accountId: '123456789012',
  region: 'ap-east-1',
  roleArn: 'arn:aws:iam::123456789012:role/R',
};

describe('AWS error diagnosis', () => {
  it('throttling', () => {
    expect(isThrottle(err('ThrottlingException'))).toBe(true);
    expect(explainAwsError(err('ThrottlingException', 'Rate exceeded'), ctx)).toMatchObject({
      kind: 'throttled',
      retryable: true,
    });
  });
  it('region not enabled', () => {
    const e = explainAwsError(err('RegionDisabledException', 'STS is not activated in this region'), ctx);
    expect(e.kind).toBe('region-disabled');
    expect(e.message).toMatch(/ap-east-1 is not enabled.*opt-in/);
  });
  it('missing permission names the API', () => {
    const e = explainAwsError(err('AccessDeniedException', 'not authorized to perform: cloudtrail:LookupEvents'), ctx);
    expect(e.kind).toBe('access-denied');
    expect(e.message).toMatch(/Grant cloudtrail:LookupEvents to the read role arn:aws:iam::123456789012:role\/R/);
  });
  it('AssumeRole denied lists what to check', () => {
    const e = explainAwsError(err('AccessDenied', 'is not authorized to perform: sts:AssumeRole on resource'), ctx);
    expect(e.kind).toBe('assume-role-denied');
    expect(e.message).toMatch(/trust policy.*External ID.*whitespace.*role ARN/s);
  });
  it('no credentials', () => {
    expect(
      explainAwsError(err('CredentialsProviderError', 'Could not load credentials from any providers'), ctx).message,
    ).toMatch(/--evidence DIR/);
  });
});
