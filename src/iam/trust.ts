/**
 * Trust-policy analysis (pure): who can assume a role. Flags a wildcard principal, cross-account
 * trust without an sts:ExternalId or MFA condition (or aws:PrincipalOrgID / aws:PrincipalArn /
 * aws:SourceAccount / aws:SourceArn narrowing), OIDC federation without a subject (`sub`)
 * condition (e.g. GitHub Actions' token.actions.githubusercontent.com, where any repository on
 * GitHub could otherwise assume the role), and lists service and SAML principals.
 * Categories follow cloudsplaining's AssumableByAnyPrincipal / AssumableByCrossAccountPrincipal /
 * AssumableByComputeService (cloudsplaining/shared/constants.py, ISSUE_SEVERITY).
 */
import { asList, type PolicyCondition, type PolicyDocument, type PolicyStatement } from './policy-document';
import { MULTI_TENANT_OIDC_ISSUERS, type Severity } from './risk-data';
import type { OidcProvider } from './snapshot';

export type TrustIssueId =
  | 'wildcard-principal'
  | 'wildcard-principal-with-conditions'
  | 'cross-account-without-external-id'
  | 'oidc-without-subject'
  | 'oidc-wildcard-subject'
  | 'oidc-without-audience'
  | 'not-principal-allow';

export interface TrustIssue {
  id: TrustIssueId;
  severity: Severity;
  message: string;
  recommendation: string;
  /** The principal the issue is about. */
  principal: string;
}

export interface TrustedPrincipal {
  kind: 'any' | 'account' | 'arn' | 'service' | 'saml' | 'oidc' | 'canonical-user';
  value: string;
  /** Account id of an AWS principal, when it has one. */
  accountId?: string;
  crossAccount: boolean;
  conditions: string[];
  actions: string[];
}

export interface TrustAnalysis {
  principals: TrustedPrincipal[];
  issues: TrustIssue[];
  /** Compute services (ec2, lambda, ecs-tasks…) that can assume it: code running there holds its permissions. */
  computeServices: string[];
}

const COMPUTE =
  /^(ec2|lambda|ecs-tasks|ecs|eks|eks-fargate-pods|batch|codebuild|glue|sagemaker|elasticmapreduce|states|apprunner|build\.apprunner|tasks\.apprunner)\.amazonaws\.com(\.cn)?$/;
const NARROWING_KEYS =
  /^(sts:externalid|aws:multifactorauthpresent|aws:multifactorauthage|aws:principalorgid|aws:principalorgpaths|aws:principalarn|aws:sourceaccount|aws:sourcearn|aws:sourceidentity|aws:principalaccount|aws:sourceorgid)$/i;

function keysOf(c: PolicyCondition | undefined): { key: string; op: string; values: string[] }[] {
  if (!c) return [];
  const out: { key: string; op: string; values: string[] }[] = [];
  for (const [op, kv] of Object.entries(c))
    for (const [key, v] of Object.entries(kv ?? {}))
      out.push({ key, op, values: Array.isArray(v) ? v.map(String) : [String(v)] });
  return out;
}

function accountOf(p: string): string | undefined {
  if (/^\d{12}$/.test(p)) return p;
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(p)?.[1];
}

export function analyseTrust(
  doc: PolicyDocument,
  ownAccountId: string,
  oidcProviders: OidcProvider[] = [],
): TrustAnalysis {
  const principals: TrustedPrincipal[] = [];
  const issues: TrustIssue[] = [];
  const compute = new Set<string>();
  // A Deny that applies to every principal unless a narrowing condition holds (e.g. StringNotEquals
  // aws:PrincipalOrgID) narrows every Allow of the document.
  const denyNarrowing = doc.Statement.filter(
    (s) => s.Effect === 'Deny' && principalEntries(s).some((p) => p.kind === 'any'),
  ).flatMap((s) =>
    keysOf(s.Condition)
      .filter((c) => NARROWING_KEYS.test(c.key))
      .map((c) => ({ ...c, op: `Deny ${c.op}` })),
  );
  for (const s of doc.Statement) {
    if (s.Effect !== 'Allow') continue;
    const conds = [...keysOf(s.Condition), ...denyNarrowing];
    const condText = conds.map((c) => `${c.key} (${c.op})`);
    const actions = asList(s.Action ?? s.NotAction);
    if (s.NotPrincipal !== undefined) {
      issues.push({
        id: 'not-principal-allow',
        severity: 'high',
        principal: 'NotPrincipal',
        message: 'An Allow with NotPrincipal trusts every principal except those listed.',
        recommendation:
          'Replace NotPrincipal with an explicit Principal list of the accounts or roles that need to assume this role.',
      });
      continue;
    }
    for (const p of principalEntries(s)) {
      if (p.kind === 'any') {
        const narrowed = conds.some((c) => NARROWING_KEYS.test(c.key));
        principals.push({ kind: 'any', value: '*', crossAccount: true, conditions: condText, actions });
        issues.push(
          narrowed
            ? {
                id: 'wildcard-principal-with-conditions',
                severity: 'medium',
                principal: '*',
                message: `Any AWS principal can assume this role when ${condText.join(', ')} hold${condText.length === 1 ? 's' : ''}.`,
                recommendation:
                  'Replace Principal "*" with the specific account or role ARNs, keeping the conditions as a second check.',
              }
            : {
                id: 'wildcard-principal',
                severity: conds.length ? 'high' : 'critical',
                principal: '*',
                message: conds.length
                  ? `Any AWS principal in any account can assume this role; only ${condText.join(', ')} restrict${condText.length === 1 ? 's' : ''} it.`
                  : 'Any AWS principal in any account can assume this role (Principal "*", no condition).',
                recommendation: `Replace Principal "*" with the specific account or role ARNs that need it (e.g. "arn:aws:iam::${ownAccountId}:root"), or add an aws:PrincipalOrgID condition to limit it to your organization.`,
              },
        );
        continue;
      }
      if (p.kind === 'service') {
        principals.push({ kind: 'service', value: p.value, crossAccount: false, conditions: condText, actions });
        if (COMPUTE.test(p.value)) compute.add(p.value);
        continue;
      }
      if (p.kind === 'canonical-user') {
        principals.push({ kind: 'canonical-user', value: p.value, crossAccount: true, conditions: condText, actions });
        continue;
      }
      if (p.kind === 'federated') {
        if (/:saml-provider\//.test(p.value)) {
          principals.push({ kind: 'saml', value: p.value, crossAccount: false, conditions: condText, actions });
          continue;
        }
        const issuer = p.value.includes(':oidc-provider/') ? p.value.split(':oidc-provider/')[1]! : p.value;
        principals.push({ kind: 'oidc', value: p.value, crossAccount: false, conditions: condText, actions });
        const host = issuer.replace(/^https?:\/\//, '');
        const subConds = conds.filter(
          (c) =>
            c.key.toLowerCase() === `${host.toLowerCase()}:sub` ||
            (host === 'cognito-identity.amazonaws.com' && c.key.toLowerCase() === 'cognito-identity.amazonaws.com:amr'),
        );
        const audConds = conds.filter(
          (c) => /:(aud|azp)$/i.test(c.key) && c.key.toLowerCase().startsWith(host.toLowerCase()),
        );
        const multiTenant = MULTI_TENANT_OIDC_ISSUERS.some((i) => host === i || host.startsWith(`${i}/`));
        const example =
          host === 'token.actions.githubusercontent.com'
            ? `"StringLike": {"${host}:sub": "repo:<org>/<repo>:ref:refs/heads/main"}`
            : `"StringEquals": {"${host}:sub": "<the expected subject>"}`;
        if (subConds.length === 0)
          issues.push({
            id: 'oidc-without-subject',
            severity: multiTenant ? 'critical' : 'high',
            principal: p.value,
            message: multiTenant
              ? `OIDC federation from ${host} has no subject (${host}:sub) condition: any ${host === 'token.actions.githubusercontent.com' ? 'GitHub Actions workflow in any repository' : `identity issued by ${host}`} can assume this role.`
              : `OIDC federation from ${host} has no subject (${host}:sub) condition: every identity the provider issues can assume this role.`,
            recommendation: `Add a subject condition to the trust policy, e.g. ${example}.`,
          });
        else if (
          subConds.some((c) => c.values.some((v) => /^\*$|^repo:\*|^repo:[^/]+\/\*:\*$|^\*:/.test(v) || v === 'repo:*'))
        )
          issues.push({
            id: 'oidc-wildcard-subject',
            severity: 'high',
            principal: p.value,
            message: `The ${host}:sub condition uses a broad wildcard (${subConds.flatMap((c) => c.values).join(', ')}).`,
            recommendation: `Narrow the subject to the exact repository and branch or environment, e.g. ${example}.`,
          });
        if (
          audConds.length === 0 &&
          host !== 'cognito-identity.amazonaws.com' &&
          !oidcProviders.some((o) => o.url === host && o.clientIds.length > 0)
        )
          issues.push({
            id: 'oidc-without-audience',
            severity: 'low',
            principal: p.value,
            message: `No audience (${host}:aud) condition and no client id registered on the provider.`,
            recommendation: `Add "StringEquals": {"${host}:aud": "sts.amazonaws.com"}.`,
          });
        continue;
      }
      // AWS principal: account id, account root ARN, role/user ARN.
      const acct = accountOf(p.value);
      const cross = !!acct && acct !== ownAccountId;
      principals.push({
        kind: /^\d{12}$|:root$/.test(p.value) ? 'account' : 'arn',
        value: p.value,
        accountId: acct,
        crossAccount: cross,
        conditions: condText,
        actions,
      });
      if (cross && !conds.some((c) => NARROWING_KEYS.test(c.key)))
        issues.push({
          id: 'cross-account-without-external-id',
          severity: 'high',
          principal: p.value,
          message: `Account ${acct} can assume this role with no sts:ExternalId, MFA or organization condition (confused-deputy risk if it is a vendor).`,
          recommendation: `Add an sts:ExternalId condition for account ${acct} ("StringEquals": {"sts:ExternalId": "<value agreed with the vendor>"}) or, for a person, "Bool": {"aws:MultiFactorAuthPresent": "true"}; for your own organization use aws:PrincipalOrgID.`,
        });
    }
  }
  return { principals, issues, computeServices: [...compute] };
}

function principalEntries(
  s: PolicyStatement,
): { kind: 'any' | 'aws' | 'service' | 'federated' | 'canonical-user'; value: string }[] {
  const p = s.Principal;
  if (p === undefined) return [];
  if (p === '*') return [{ kind: 'any', value: '*' }];
  const out: { kind: 'any' | 'aws' | 'service' | 'federated' | 'canonical-user'; value: string }[] = [];
  for (const [k, v] of Object.entries(p)) {
    for (const value of asList(v)) {
      if (k === 'AWS') out.push(value === '*' ? { kind: 'any', value } : { kind: 'aws', value });
      else if (k === 'Service') out.push({ kind: 'service', value });
      else if (k === 'Federated') out.push({ kind: 'federated', value });
      else if (k === 'CanonicalUser') out.push({ kind: 'canonical-user', value });
    }
  }
  return out;
}
