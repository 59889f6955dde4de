import { describe, expect, it } from 'vitest';
import { redact } from '../src/log';

describe('log redaction', () => {
  it('removes secrets by field name and by shape', () => {
    const out = JSON.stringify(
      redact({
        token: 'xoxb-123-456-abcdefghijkl',
        nested: { SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', ok: 'AKIAIOSFODNN7EXAMPLE' },
        msg: 'called with xoxb-123-456-abcdefghijkl and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and sk-ant-api03-abcdefghij',
      }),
    );
    expect(out).not.toContain('xoxb-123');
    expect(out).not.toContain('wJalrXUtnFEMI');
    expect(out).not.toContain('sk-ant-api03');
    // Access key ids are identifiers, not secrets: analysts need them.
    expect(out).toContain('AKIAIOSFODNN7EXAMPLE');
  });
});

describe('configured secrets and people-facing errors', () => {
  it('attack: a Slack signing secret, a postgres:// password and every configured secret value are redacted', async () => {
    const { resetConfig } = await import('../src/config');
    const { clearRegisteredSecrets, forPeople } = await import('../src/log');
    const saved = { ...process.env };
    try {
      clearRegisteredSecrets();
      resetConfig();
      Object.assign(process.env, {
        SLACK_BOT_TOKEN: 'xoxb-1-2-bottokenvalue',
        SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
        OKTA_API_TOKEN: 'short-okta-tok3n',
        OKTA_ORG_URL: 'https://example.okta.com',
        SLACK_APP_TOKEN: 'xapp-1-A0-apptokenvalue',
        DATABASE_URL: 'postgres://app:s3cr%21t-pw@db.internal:5432/th',
      });
      const text = JSON.stringify(
        redact({
          msg: 'verify 8f742231b10e8888abcd99yyyzzz85a5 with short-okta-tok3n',
          url: 'postgres://app:s3cr!t-pw@db.internal:5432/th',
          other: 'connect to postgresql://svc:another-pw@10.0.0.1/x failed',
        }),
      );
      expect(text).not.toMatch(/8f742231b10e|short-okta-tok3n|s3cr!t-pw|another-pw/);
      expect(text).toContain('postgres://app:[REDACTED]@db.internal');

      // A database error shown to a person carries neither the query nor its parameters.
      const dbErr = new Error(
        'Failed query: insert into "audit_events" ("actor") values ($1)\nparams: xoxb-1-2-bottokenvalue,alice',
      );
      const shown = forPeople(dbErr);
      expect(shown).toMatch(/^A database error stopped this \(reference [0-9a-f]{8}/);
      expect(shown).not.toMatch(/insert|params|alice|xoxb/);
      const awsErr = forPeople(new Error('User: arn:aws:sts::1:assumed-role/x is not authorized\nstack…'));
      expect(awsErr).toMatch(/^User: arn:aws:sts::1:assumed-role\/x is not authorized \(reference/);
      expect(awsErr).not.toContain('stack');
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      resetConfig();
      clearRegisteredSecrets();
    }
  });
});
