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
