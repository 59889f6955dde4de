import { describe, expect, it } from 'vitest';
import { eksStandardSupportEnded, runtimeDeprecated, secretLikeName } from '../../../src/posture/helpers/workloads';

describe('secretLikeName', () => {
  it.each([
    'DB_PASSWORD',
    'dbPassword',
    'stripe-api-key',
    'GITHUB_TOKEN',
    'AWS_SECRET_ACCESS_KEY',
    'JWT_SIGNING_KEY',
    'DATABASE_CONNECTION_STRING',
    'PRIVATE_KEY',
    'SMTP_PASS',
  ])('%s looks like a secret', (n) => expect(secretLikeName(n)).toBe(true));
  it.each([
    'DB_PASSWORD_SECRET_ARN',
    'API_KEY_PARAMETER',
    'TOKEN_URL',
    'AWS_ACCESS_KEY_ID',
    'PASSENGER_COUNT',
    'KEYSPACE',
    'SECRET_NAME',
    'PASSWORD_MIN_LENGTH',
    'LOG_LEVEL',
  ])('%s does not', (n) => expect(secretLikeName(n)).toBe(false));
});

describe('published end-of-support dates', () => {
  it('Lambda runtimes are deprecated on and after their date only', () => {
    expect(runtimeDeprecated('nodejs18.x', '2025-09-01T00:00:00Z')).toBe('2025-09-01');
    expect(runtimeDeprecated('nodejs18.x', '2025-08-31T23:59:59Z')).toBeNull();
    expect(runtimeDeprecated('python3.13', '2026-11-23T00:00:00Z')).toBeNull();
    expect(runtimeDeprecated('unknown9.x', '2030-01-01T00:00:00Z')).toBeNull();
    expect(runtimeDeprecated(undefined, '2030-01-01T00:00:00Z')).toBeNull();
  });
  it('EKS versions: the calendar, older versions, and newer ones left unjudged', () => {
    expect(eksStandardSupportEnded('1.30', '2026-01-01T00:00:00Z')).toBe('2025-07-23');
    expect(eksStandardSupportEnded('1.34', '2026-11-23T00:00:00Z')).toBeNull();
    expect(eksStandardSupportEnded('1.34', '2026-12-02T00:00:00Z')).toBe('2026-12-02');
    expect(eksStandardSupportEnded('1.21', '2026-01-01T00:00:00Z')).toBe('before 2023-10-11');
    expect(eksStandardSupportEnded('1.40', '2030-01-01T00:00:00Z')).toBeNull();
    expect(eksStandardSupportEnded('v1.x', '2030-01-01T00:00:00Z')).toBeNull();
  });
});
