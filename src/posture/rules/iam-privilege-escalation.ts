import { evaluatorFor } from '../../iam/analyze';
import { riskFindings } from '../../iam/risk';
import { isServiceLinkedRole } from '../helpers/iam';
import { defineRule } from '../rule';
import type { RuleFinding } from '../rule';

export default defineRule({
  id: 'iam-privilege-escalation',
  title: 'Principal can escalate its own privileges',
  severity: 'high',
  service: 'iam',
  rationale:
    'A non-admin user or role holding an escalation method (iam:CreatePolicyVersion, AttachUserPolicy, UpdateAssumeRolePolicy, iam:PassRole with ec2:RunInstances or lambda:CreateFunction — the function runs as the passed role whenever anything invokes or triggers it, so no invoke permission is needed — and the rest of the pathfinding.cloud methods, each reported by its pathfinding.cloud id and name) is effectively an administrator: whoever steals its credentials gets the whole account. Evaluated with src/iam, as the IAM analysis is (managed + inline + group policies, boundaries, explicit Deny, and SCPs when the evidence or live read includes them).',
  remediation:
    'Remove the escalation actions, or scope them (Resource to specific ARNs, iam:PassRole to named roles with iam:PassedToService), or add a permissions boundary:\n' +
    'aws iam put-role-permissions-boundary --role-name ROLE --permissions-boundary arn:aws:iam::ACCOUNT:policy/Boundary\n' +
    'trailhound ask "analyze role ROLE" for the exact grants',
  needs: ['iam.authorizationDetails'],
  evaluate(s) {
    const iam = s.iam!;
    const ev = evaluatorFor(iam);
    const out: RuleFinding[] = [];
    const targets = [
      ...iam.users.map((user) => ({
        kind: 'user' as const,
        user,
        arn: user.arn,
        name: user.name,
        type: 'AWS::IAM::User',
      })),
      ...iam.roles
        .filter((r) => !isServiceLinkedRole(r))
        .map((role) => ({ kind: 'role' as const, role, arn: role.arn, name: role.name, type: 'AWS::IAM::Role' })),
    ];
    for (const t of targets) {
      const findings = riskFindings(ev.cat, ev.evaluate(t));
      if (findings.some((f) => f.category === 'FullAdmin')) continue; // already admin: other rules report it
      const pe = findings.find((f) => f.category === 'PrivilegeEscalation' && !f.conditional);
      if (!pe) continue;
      const methods = pe.methods ?? [];
      out.push({
        resourceId: t.arn,
        resourceType: t.type,
        message: `${t.name} can escalate to admin via ${
          methods
            .slice(0, 3)
            .map((m) => `${m.id} (${m.name})`)
            .join(', ') || pe.actions.slice(0, 4).join(', ')
        }${methods.length > 3 ? ` (+${methods.length - 3} more)` : ''} (granted by ${pe.grantedBy.slice(0, 3).join(', ')}${pe.grantedBy.length > 3 ? ` +${pe.grantedBy.length - 3}` : ''}).`,
        detail: {
          methods: methods.slice(0, 10).map((m) => ({ id: m.id, name: m.name })),
          actions: pe.actions.slice(0, 10),
          grantedBy: pe.grantedBy,
        },
      });
    }
    return out;
  },
});
