import { describe, expect, it } from 'vitest';
import { cliCommands, cloudFormationTemplate, trustPolicy, trustablePrincipal } from '../../src/aws/trust-policy';

const t = { principalArn: 'arn:aws:sts::111111111111:assumed-role/trailhound/i-0abc', externalId: 'ext-123' };

describe('trust policy', () => {
  it('trusts the role (not the session) with the External ID condition', () => {
    expect(trustablePrincipal(t.principalArn)).toBe('arn:aws:iam::111111111111:role/trailhound');
    const p = trustPolicy(t) as any;
    expect(p.Statement[0].Principal.AWS).toBe('arn:aws:iam::111111111111:role/trailhound');
    expect(p.Statement[0].Condition.StringEquals['sts:ExternalId']).toBe('ext-123');
  });
  it('renders a CloudFormation template and CLI commands with SecurityAudit + ReadOnlyAccess', () => {
    const cf = cloudFormationTemplate(t) as any;
    expect(cf.Resources.TrailhoundReadOnlyRole.Properties.ManagedPolicyArns).toEqual([
      'arn:aws:iam::aws:policy/SecurityAudit',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);
    expect(cf.Parameters.ExternalId.Default).toBe('ext-123');
    const cmds = cliCommands(t).join('\n');
    expect(cmds).toContain('aws iam create-role --role-name TrailhoundReadOnly');
    expect(cmds).toContain('"sts:ExternalId":"ext-123"');
    expect(cmds).toContain(
      'attach-role-policy --role-name TrailhoundReadOnly --policy-arn arn:aws:iam::aws:policy/SecurityAudit',
    );
  });
});
