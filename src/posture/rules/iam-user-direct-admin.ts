import { evaluatorFor } from '../../iam/analyze';
import { compilePolicy } from '../../iam/evaluate';
import { awsManagedFallback } from '../../iam/aws-managed-fallback';
import { policyByArn, userAdminGrants } from '../helpers/iam';
import { defineRule } from '../rule';

export default defineRule({
  id: 'iam-user-direct-admin',
  title: 'IAM user with administrator access attached directly',
  severity: 'high',
  service: 'iam',
  rationale:
    'Admin attached straight to a user (with its long-lived password and keys) bypasses group review and is the usual shape of a back-door account. Evaluated with src/iam, as the IAM analysis is: an admin policy whose grants an explicit Deny (e.g. an attached deny-all) or a permissions boundary cancels is not reported.',
  remediation:
    'Give admins a federated role instead; otherwise at least grant it through a reviewed group:\n' +
    'aws iam detach-user-policy --user-name USER --policy-arn arn:aws:iam::aws:policy/AdministratorAccess\n' +
    'aws iam delete-user-policy --user-name USER --policy-name INLINE_NAME',
  needs: ['iam.authorizationDetails'],
  evaluate(s) {
    const iam = s.iam!;
    const ev = evaluatorFor(iam);
    const byArn = policyByArn(s);
    return iam.users.flatMap((u) => {
      const grants = userAdminGrants(s, u, { directOnly: true });
      if (!grants.length) return [];
      // What the admin policies grant on "*", and how much of it survives Deny and boundary.
      const eff = ev.evaluate({ kind: 'user', user: u });
      const docs = [
        ...u.attachedPolicies
          .filter((a) => grants.some((g) => g.policy === a.name))
          .map((a) => byArn.get(a.arn)?.document ?? awsManagedFallback(a.arn)),
        ...u.inlinePolicies.filter((p) => grants.some((g) => g.policy === `${p.name} (inline)`)).map((p) => p.document),
      ].filter((d) => !!d);
      let granted = 0;
      let effective = 0;
      for (const d of docs) {
        const set = compilePolicy(ev.cat, d!, { kind: 'managed', name: 'admin' }).sets.allowStarUncond;
        granted += set.count();
        effective += eff.unconstrained.countWith(set);
      }
      if (docs.length && effective < granted * 0.9) return [];
      return [
        {
          resourceId: u.arn,
          resourceType: 'AWS::IAM::User',
          message: `${u.name} has ${grants.map((g) => g.policy).join(', ')} attached directly.`,
          detail: { policies: grants.map((g) => g.policy) },
        },
      ];
    });
  },
});
