/**
 * How people and machines authenticate to an account (pure): from the IAM snapshot (Identity
 * Center roles, SAML/OIDC providers and the roles that trust them, IAM users with passwords and
 * keys, root) and from CloudTrail activity over a window (share of console vs API calls by
 * identity type), down to a plain-language conclusion.
 */
import type { CloudTrailRecord } from '../cloudtrail/record';
import { clean, dig, text } from '../cloudtrail/threats/predicates';
import { classifyUserAgent } from '../cloudtrail/user-agent';
import { asList } from '../iam/policy-document';
import { type IamRole, type IamSnapshot, type PolicyStatement, snapshotHas } from '../iam/snapshot';

// ───────────── Activity (CloudTrail) ─────────────

export type IdentityClass =
  | 'identity-center'
  | 'saml-federation'
  | 'web-identity'
  | 'iam-user'
  | 'root'
  | 'workload-role'
  | 'cross-account-role'
  | 'other-role'
  | 'aws-service';

export const CLASS_LABEL: Record<IdentityClass, string> = {
  'identity-center': 'IAM Identity Center',
  'saml-federation': 'SAML federation',
  'web-identity': 'web identity (OIDC)',
  'iam-user': 'IAM users',
  root: 'root',
  'workload-role': 'workload roles (EC2/Lambda/ECS…)',
  'cross-account-role': 'cross-account roles',
  'other-role': 'other role sessions',
  'aws-service': 'AWS services',
};

export interface RoleHints {
  /** Role ARN (lower-cased), or `name:<role name>`, → how it is assumed, from the snapshot's trust policies. */
  byRoleArn: Map<string, IdentityClass>;
}

interface ClassAcc {
  events: number;
  console: number;
  api: number;
  principals: Map<string, number>;
}

export interface ActivityShare {
  class: IdentityClass;
  label: string;
  events: number;
  /** Share of all (non-AWS-service) events, 0–1, 3 decimals. */
  share: number;
  console: number;
  api: number;
  /** Distinct principals (users, sessions) seen. */
  principals: number;
  top: { value: string; count: number }[];
}

export interface ActivitySummary {
  events: number;
  consoleShare: number;
  byClass: ActivityShare[];
  consoleLogins: { class: IdentityClass; principal: string; mfa: boolean | null; count: number }[];
  identityCenterSignIns: number;
  rootEvents: number;
}

const ROLE_ARN = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\//;

/** Streams CloudTrail records into per-identity-class counts (bounded memory). */
export class AuthActivity {
  private acc = new Map<IdentityClass, ClassAcc>();
  private logins = new Map<string, { class: IdentityClass; principal: string; mfa: boolean | null; count: number }>();
  private icSignIns = 0;
  private total = 0;

  constructor(
    private readonly accountId: string,
    private readonly hints: RoleHints = { byRoleArn: new Map() },
  ) {}

  /** principal null: counted in the class, not as a distinct identity (portal events carry only an opaque user id). */
  classify(r: CloudTrailRecord): { cls: IdentityClass; principal: string | null } {
    const id = r.userIdentity ?? {};
    switch (id.type) {
      case 'Root':
        return { cls: 'root', principal: 'root' };
      case 'IAMUser':
        return { cls: 'iam-user', principal: text(id.userName) ?? text(id.arn) ?? 'unknown' };
      case 'IdentityCenterUser':
        return { cls: 'identity-center', principal: null };
      case 'SAMLUser': {
        // Identity Center federates through its own SAML provider (AWSSSO_…_DO_NOT_DELETE) into AWSReservedSSO_ roles.
        const viaSso =
          /saml-provider\/AWSSSO_/.test(text(dig(r.requestParameters, 'principalArn')) ?? '') ||
          /AWSReservedSSO_/.test(text(dig(r.requestParameters, 'roleArn')) ?? '') ||
          /portal\.sso\./.test(text(dig(r.responseElements, 'issuer')) ?? '');
        return { cls: viaSso ? 'identity-center' : 'saml-federation', principal: text(id.userName) ?? 'unknown' };
      }
      case 'WebIdentityUser':
        return { cls: 'web-identity', principal: text(id.userName) ?? 'unknown' };
      case 'AWSService':
        return { cls: 'aws-service', principal: text(id.invokedBy) ?? 'aws' };
      case 'AssumedRole': {
        const arn = text(id.arn) ?? '';
        const issuer = text(id.sessionContext?.sessionIssuer?.arn) ?? '';
        const m = ROLE_ARN.exec(arn);
        const roleName = m?.[3] ?? issuer.split('/').pop() ?? '';
        const principal = arn.split('/').slice(1).join('/') || arn;
        // Identity Center sessions are named after the person: count people, not permission sets.
        if (/^AWSReservedSSO_/.test(roleName))
          return { cls: 'identity-center', principal: arn.split('/').slice(2).join('/') || principal };
        const hinted =
          this.hints.byRoleArn.get(issuer.toLowerCase()) ?? this.hints.byRoleArn.get(`name:${roleName.toLowerCase()}`);
        if (hinted) return { cls: hinted, principal };
        const src = text(r.sourceIPAddress) ?? '';
        if (text(id.invokedBy) || /\.amazonaws\.com$/.test(src) || /\/i-[0-9a-f]{8,17}$/.test(arn))
          return { cls: 'workload-role', principal };
        if (m && m[2] !== this.accountId) return { cls: 'cross-account-role', principal };
        return { cls: 'other-role', principal };
      }
      default:
        return {
          cls: id.invokedBy ? 'aws-service' : 'other-role',
          principal: text(id.principalId) ?? text(id.type) ?? 'unknown',
        };
    }
  }

  add(r: CloudTrailRecord): void {
    const { cls, principal } = this.classify(r);
    this.total++;
    let a = this.acc.get(cls);
    if (!a) this.acc.set(cls, (a = { events: 0, console: 0, api: 0, principals: new Map() }));
    a.events++;
    const consoleCall =
      r.eventName === 'ConsoleLogin' ||
      r.sessionCredentialFromConsole === 'true' ||
      classifyUserAgent(text(r.userAgent) ?? '') === 'console';
    if (consoleCall) a.console++;
    else a.api++;
    const p = principal === null ? null : clean(principal, 120);
    if (p !== null && (a.principals.has(p) || a.principals.size < 500))
      a.principals.set(p, (a.principals.get(p) ?? 0) + 1);
    if (
      r.eventName === 'ConsoleLogin' &&
      r.eventSource === 'signin.amazonaws.com' &&
      text(dig(r.responseElements, 'ConsoleLogin')) === 'Success'
    ) {
      const used = text(dig(r.additionalEventData, 'MFAUsed'));
      const k = `${cls}|${p}`;
      const l = this.logins.get(k) ?? {
        class: cls,
        principal: p ?? 'unknown',
        mfa: used === 'Yes' ? true : used === 'No' ? false : null,
        count: 0,
      };
      l.count++;
      if (used === 'No') l.mfa = false;
      if (this.logins.size < 200 || this.logins.has(k)) this.logins.set(k, l);
    }
    if (r.eventSource === 'sso.amazonaws.com' && (r.eventName === 'Federate' || r.eventName === 'GetRoleCredentials'))
      this.icSignIns++;
  }

  summary(): ActivitySummary {
    const human = [...this.acc.entries()].filter(([c]) => c !== 'aws-service');
    const denom = human.reduce((s, [, a]) => s + a.events, 0) || 1;
    const consoleTotal = human.reduce((s, [, a]) => s + a.console, 0);
    return {
      events: this.total,
      consoleShare: round(consoleTotal / denom),
      byClass: [...this.acc.entries()]
        .map(([cls, a]) => ({
          class: cls,
          label: CLASS_LABEL[cls],
          events: a.events,
          share: cls === 'aws-service' ? 0 : round(a.events / denom),
          console: a.console,
          api: a.api,
          principals: a.principals.size,
          top: [...a.principals.entries()]
            .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
            .slice(0, 5)
            .map(([value, count]) => ({ value, count })),
        }))
        .sort((x, y) => y.events - x.events),
      consoleLogins: [...this.logins.values()].sort((a, b) => b.count - a.count).slice(0, 20),
      identityCenterSignIns: this.icSignIns,
      rootEvents: this.acc.get('root')?.events ?? 0,
    };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

// ───────────── Configuration (IAM snapshot) ─────────────

export type OidcKind =
  | 'github-actions'
  | 'gitlab'
  | 'eks'
  | 'google'
  | 'terraform-cloud'
  | 'bitbucket'
  | 'circleci'
  | 'other';

export function oidcKind(url: string): OidcKind {
  const u = url.toLowerCase();
  if (u.startsWith('token.actions.githubusercontent.com')) return 'github-actions';
  if (u.includes('gitlab')) return 'gitlab';
  if (/^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com/.test(u)) return 'eks';
  if (u.startsWith('accounts.google.com')) return 'google';
  if (u.startsWith('app.terraform.io')) return 'terraform-cloud';
  if (u.includes('bitbucket')) return 'bitbucket';
  if (u.includes('circleci')) return 'circleci';
  return 'other';
}

export interface FederatedRole {
  name: string;
  arn: string;
  /** Condition keys/values restricting the token subject (`…:sub`), if any. */
  subjects: string[];
  /** false: any identity of the provider (any repository, any project) can assume the role. */
  subjectRestricted: boolean;
  /** The subject pattern is a wildcard broad enough to be weak (e.g. "repo:*", "*"). */
  subjectWildcard: boolean;
  audiences: string[];
  lastUsed: string | null;
}

export interface OidcProviderModel {
  arn: string;
  url: string;
  kind: OidcKind;
  clientIds: string[];
  roles: FederatedRole[];
}

export interface SamlProviderModel {
  arn: string;
  name: string;
  /** AWSSSO_…_DO_NOT_DELETE: the provider IAM Identity Center manages. */
  identityCenter: boolean;
  validUntil: string | null;
  roles: string[];
}

export interface CrossAccountTrust {
  role: string;
  trusts: string;
  externalId: boolean;
  wildcard: boolean;
}

export interface IamUserAuth {
  name: string;
  passwordEnabled: boolean;
  passwordLastUsed: string | null;
  mfaActive: boolean;
  activeKeys: number;
  keyLastUsed: string | null;
  oldestActiveKeyRotated: string | null;
}

export interface AuthConfig {
  identityCenter: {
    roles: { name: string; permissionSet: string; lastUsed: string | null }[];
    samlProvider: string | null;
  };
  samlProviders: SamlProviderModel[];
  oidcProviders: OidcProviderModel[];
  crossAccount: CrossAccountTrust[];
  iamUsers: {
    total: number;
    withPassword: IamUserAuth[];
    withActiveKeys: IamUserAuth[];
    passwordWithoutMfa: string[];
  } | null;
  root: { mfaActive: boolean | null; passwordLastUsed: string | null; activeKeys: number | null } | null;
  /** Snapshot parts that could not be read (so absence is not concluded from them). */
  unreadable: string[];
}

function statementsAllowing(role: IamRole, action: string): PolicyStatement[] {
  return role.trustPolicy.Statement.filter(
    (s) => s.Effect === 'Allow' && asList(s.Action).some((a) => a === action || a === 'sts:*' || a === '*'),
  );
}

function federated(st: PolicyStatement): string[] {
  const p = st.Principal;
  return p && p !== '*' ? asList(p.Federated) : [];
}

function conditionValues(st: PolicyStatement, keySuffix: string): string[] {
  const out: string[] = [];
  for (const [, kv] of Object.entries(st.Condition ?? {})) {
    for (const [k, v] of Object.entries(kv ?? {})) {
      if (k.toLowerCase().endsWith(keySuffix)) out.push(...asList(v as string | string[]));
    }
  }
  return out;
}

const WEAK_SUBJECT = /^(\*|repo:\*.*|repo:[^/]*\*[^/]*|project_path:\*.*|system:serviceaccount:\*.*)$/;

export function authConfig(snap: IamSnapshot): AuthConfig {
  const unreadable = snap.warnings.filter((w) => w.missing).map((w) => `${w.part} (${w.api})`);
  const roles = snap.roles;
  const sso = roles.filter((r) => /^AWSReservedSSO_/.test(r.name));
  const samlProviders: SamlProviderModel[] = snap.samlProviders.map((p) => {
    const name = p.arn.split('/').pop() ?? p.arn;
    return {
      arn: p.arn,
      name,
      identityCenter: /^AWSSSO_.*_DO_NOT_DELETE$/.test(name),
      validUntil: p.validUntil,
      roles: roles
        .filter((r) => statementsAllowing(r, 'sts:AssumeRoleWithSAML').some((s) => federated(s).includes(p.arn)))
        .map((r) => r.name),
    };
  });
  const oidcProviders: OidcProviderModel[] = snap.oidcProviders.map((p) => {
    const url = p.url.replace(/^https?:\/\//, '');
    const trusting = roles.filter((r) =>
      statementsAllowing(r, 'sts:AssumeRoleWithWebIdentity').some((s) => federated(s).includes(p.arn)),
    );
    return {
      arn: p.arn,
      url,
      kind: oidcKind(url),
      clientIds: p.clientIds,
      roles: trusting.map((r) => {
        const sts = statementsAllowing(r, 'sts:AssumeRoleWithWebIdentity').filter((s) => federated(s).includes(p.arn));
        const subjects = sts.flatMap((s) => conditionValues(s, ':sub'));
        const unrestrictedStatement = sts.some((s) => conditionValues(s, ':sub').length === 0);
        return {
          name: r.name,
          arn: r.arn,
          subjects: subjects.slice(0, 10),
          subjectRestricted: !unrestrictedStatement,
          subjectWildcard: subjects.some((x) => WEAK_SUBJECT.test(x)),
          audiences: sts.flatMap((s) => conditionValues(s, ':aud')).slice(0, 5),
          lastUsed: r.lastUsed.date,
        };
      }),
    };
  });
  const crossAccount: CrossAccountTrust[] = [];
  for (const r of roles) {
    for (const st of statementsAllowing(r, 'sts:AssumeRole')) {
      const p = st.Principal;
      const principals = p === '*' ? ['*'] : asList(p?.AWS);
      for (const x of principals) {
        const acct = x === '*' ? '*' : /(\d{12})/.exec(x)?.[1];
        if (!acct || acct === snap.accountId) continue;
        if (crossAccount.length < 50)
          crossAccount.push({
            role: r.name,
            trusts: acct === '*' ? '*' : acct,
            externalId: conditionValues(st, 'sts:externalid').length > 0,
            wildcard: acct === '*',
          });
      }
    }
  }
  let iamUsers: AuthConfig['iamUsers'] = null;
  let root: AuthConfig['root'] = null;
  if (snap.credentialReport) {
    const rows = snap.credentialReport.rows;
    const users = rows
      .filter((r) => !r.isRoot)
      .map((r) => {
        const active = r.accessKeys.filter((k) => k.active);
        const used = active
          .map((k) => k.lastUsedDate)
          .filter((d): d is string => !!d)
          .sort();
        const rotated = active
          .map((k) => k.lastRotated)
          .filter((d): d is string => !!d)
          .sort();
        return {
          name: r.user,
          passwordEnabled: r.passwordEnabled === true,
          passwordLastUsed: r.passwordLastUsed,
          mfaActive: r.mfaActive,
          activeKeys: active.length,
          keyLastUsed: used.at(-1) ?? null,
          oldestActiveKeyRotated: rotated[0] ?? null,
        };
      });
    iamUsers = {
      total: users.length,
      withPassword: users.filter((u) => u.passwordEnabled),
      withActiveKeys: users.filter((u) => u.activeKeys > 0),
      passwordWithoutMfa: users.filter((u) => u.passwordEnabled && !u.mfaActive).map((u) => u.name),
    };
    const r = rows.find((x) => x.isRoot);
    if (r)
      root = {
        mfaActive: r.mfaActive,
        passwordLastUsed: r.passwordLastUsed,
        activeKeys: r.accessKeys.filter((k) => k.active).length,
      };
  } else if (snapshotHas(snap, 'authorizationDetails')) {
    iamUsers = null; // users exist but passwords/keys are unknown without the credential report
  }
  if (!root && snap.accountSummary) {
    root = {
      mfaActive: snap.accountSummary.AccountMFAEnabled === 1,
      passwordLastUsed: null,
      activeKeys: snap.accountSummary.AccountAccessKeysPresent ?? null,
    };
  }
  return {
    identityCenter: {
      roles: sso.map((r) => ({
        name: r.name,
        permissionSet: r.name.replace(/^AWSReservedSSO_/, '').replace(/_[0-9a-f]+$/i, ''),
        lastUsed: r.lastUsed.date,
      })),
      samlProvider: samlProviders.find((p) => p.identityCenter)?.arn ?? null,
    },
    samlProviders,
    oidcProviders,
    crossAccount,
    iamUsers,
    root,
    unreadable,
  };
}

/** Trust-policy hints for classifying role sessions in CloudTrail. */
export function roleHints(snap: IamSnapshot | null): RoleHints {
  const byRoleArn = new Map<string, IdentityClass>();
  for (const r of snap?.roles ?? []) {
    const allows = (a: string) => statementsAllowing(r, a);
    let cls: IdentityClass | null = null;
    if (/^AWSReservedSSO_/.test(r.name)) cls = 'identity-center';
    else if (allows('sts:AssumeRoleWithSAML').some((s) => federated(s).length)) cls = 'saml-federation';
    else if (allows('sts:AssumeRoleWithWebIdentity').some((s) => federated(s).length)) cls = 'web-identity';
    else if (
      allows('sts:AssumeRole').some((s) => s.Principal && s.Principal !== '*' && asList(s.Principal.Service).length)
    )
      cls = 'workload-role';
    else if (
      allows('sts:AssumeRole').some((s) => {
        const p = s.Principal;
        const aws = p === '*' ? ['*'] : asList(p?.AWS);
        return aws.some((x) => x === '*' || (/(\d{12})/.exec(x)?.[1] ?? snap!.accountId) !== snap!.accountId);
      })
    )
      cls = 'cross-account-role';
    if (cls) {
      byRoleArn.set(r.arn.toLowerCase(), cls);
      byRoleArn.set(`name:${r.name.toLowerCase()}`, cls); // assumed-role ARNs carry no path
    }
  }
  return { byRoleArn };
}

// ───────────── Conclusion ─────────────

const pct = (x: number) => `${Math.round(x * 100)}%`;

function names(list: string[], max = 5): string {
  return list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')} and ${list.length - max} more`;
}

/** Plain-language findings, most important first. */
export function conclude(cfg: AuthConfig | null, act: ActivitySummary | null): string[] {
  const out: string[] = [];
  const share = (c: IdentityClass) => act?.byClass.find((x) => x.class === c);
  const ic = share('identity-center');
  const saml = share('saml-federation');
  const iamUserAct = share('iam-user');

  // People.
  const humans: string[] = [];
  if (cfg?.identityCenter.roles.length || ic) {
    const sets = cfg?.identityCenter.roles.map((r) => r.permissionSet) ?? [];
    humans.push(
      `IAM Identity Center${sets.length ? ` (permission sets ${names(sets)})` : ''}${
        ic
          ? `: ${ic.principals} ${ic.principals === 1 ? 'person' : 'people'} (${names(
              ic.top.map((t) => t.value),
              3,
            )}), ${pct(ic.share)} of activity, ${pct(ic.events ? ic.console / ic.events : 0)} of it in the console`
          : ''
      }`,
    );
  }
  const otherSaml = cfg?.samlProviders.filter((p) => !p.identityCenter) ?? [];
  if (otherSaml.length || saml?.events)
    humans.push(
      `SAML federation${otherSaml.length ? ` via ${names(otherSaml.map((p) => p.name))}` : ''}${saml ? ` (${pct(saml.share)} of activity)` : ''}`,
    );
  const consoleUsers = (act?.consoleLogins ?? []).filter((l) => l.class === 'iam-user').map((l) => l.principal);
  if (humans.length) out.push(`People sign in with ${humans.join('; and ')}.`);
  else if (act)
    out.push('No federated sign-in (Identity Center or SAML) was seen: people appear to use IAM users or root.');

  if (cfg?.iamUsers) {
    const pw = cfg.iamUsers.withPassword.map((u) => u.name);
    if (pw.length)
      out.push(
        `${pw.length} IAM user${pw.length === 1 ? '' : 's'} still ${pw.length === 1 ? 'has a' : 'have'} console password${pw.length === 1 ? '' : 's'}: ${names(pw)}${
          cfg.iamUsers.passwordWithoutMfa.length ? ` — without MFA: ${names(cfg.iamUsers.passwordWithoutMfa)}` : ''
        }.`,
      );
    const keys = cfg.iamUsers.withActiveKeys;
    if (keys.length)
      out.push(
        `${keys.length} IAM user${keys.length === 1 ? '' : 's'} ${keys.length === 1 ? 'has' : 'have'} active long-term access keys: ${names(keys.map((u) => `${u.name}${u.oldestActiveKeyRotated ? ` (oldest rotated ${u.oldestActiveKeyRotated.slice(0, 10)})` : ''}`))}.`,
      );
  } else if (cfg) {
    out.push(
      'The credential report could not be read: console passwords and access keys of IAM users were not checked.',
    );
  }
  if (iamUserAct?.events) {
    out.push(
      `IAM users made ${pct(iamUserAct.share)} of the activity (${iamUserAct.events} events by ${iamUserAct.principals} user(s): ${names(
        iamUserAct.top.map((t) => t.value),
        4,
      )}).`,
    );
  }
  const noMfaLogins = (act?.consoleLogins ?? []).filter((l) => l.mfa === false);
  if (noMfaLogins.length)
    out.push(`Console sign-ins without MFA: ${names(noMfaLogins.map((l) => `${l.principal} (${l.count})`))}.`);
  else if (consoleUsers.length) out.push(`IAM users who signed in to the console: ${names(consoleUsers)}.`);

  // Machines.
  for (const p of cfg?.oidcProviders ?? []) {
    const open = p.roles.filter((r) => !r.subjectRestricted);
    const weak = p.roles.filter((r) => r.subjectRestricted && r.subjectWildcard);
    const label = p.kind === 'github-actions' ? 'GitHub Actions' : p.kind === 'other' ? p.url : p.kind;
    let line = `Machines use web-identity federation from ${label} (${p.url}) for role${p.roles.length === 1 ? '' : 's'} ${names(p.roles.map((r) => r.name)) || '(none trusting it)'}`;
    if (open.length)
      line += `; ${names(open.map((r) => r.name))} ${open.length === 1 ? 'does' : 'do'} NOT restrict the token subject (sub), so any ${p.kind === 'github-actions' ? 'GitHub repository' : 'identity of that issuer'} can assume ${open.length === 1 ? 'it' : 'them'}`;
    if (weak.length)
      line += `; ${names(weak.map((r) => `${r.name} (${r.subjects[0]})`))} use${weak.length === 1 ? 's' : ''} a broad wildcard subject`;
    out.push(`${line}.`);
  }
  const wild = cfg?.crossAccount.filter((c) => c.wildcard) ?? [];
  const noExt = cfg?.crossAccount.filter((c) => !c.wildcard && !c.externalId) ?? [];
  if (wild.length)
    out.push(
      `Role${wild.length === 1 ? '' : 's'} ${names(wild.map((c) => c.role))} trust${wild.length === 1 ? 's' : ''} any AWS principal ("*").`,
    );
  if (noExt.length)
    out.push(`Cross-account roles without an External ID: ${names(noExt.map((c) => `${c.role} ← ${c.trusts}`))}.`);

  // Root.
  const rootEvents = act?.rootEvents ?? 0;
  if (cfg?.root || rootEvents) {
    const parts: string[] = [];
    if (rootEvents) parts.push(`root was used ${rootEvents} time(s) in the window`);
    else if (act) parts.push('root was not used in the window');
    if (cfg?.root?.passwordLastUsed) parts.push(`password last used ${cfg.root.passwordLastUsed.slice(0, 10)}`);
    if (cfg?.root?.mfaActive === false) parts.push('root has NO MFA');
    if (cfg?.root?.activeKeys) parts.push(`root has ${cfg.root.activeKeys} active access key(s)`);
    if (parts.length) out.push(`Root: ${parts.join('; ')}.`);
  }
  if (act?.events)
    out.push(
      `Over the window, ${pct(act.consoleShare)} of non-service calls came from the console and ${pct(1 - act.consoleShare)} from APIs/CLI/SDKs.`,
    );
  if (cfg?.unreadable.length) out.push(`Not checked (could not be read): ${cfg.unreadable.join(', ')}.`);
  return out;
}
