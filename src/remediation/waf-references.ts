/**
 * Which web ACL rules use a WAFv2 IP set, and whether adding an address to the set can only block
 * more traffic. `referencesTo` is pure (a GetWebACL `WebACL` in, references out); `blockingUse`
 * reads every web ACL of a scope (ListWebACLs → GetWebACL) and decides.
 *
 * A reference *blocks* when its rule's action is Block and the IP set statement is not negated
 * (directly, or inside And/Or statements). It *opens* when its rule's action is Allow (not
 * negated) or Block under a NotStatement: adding an address there lets it through. References
 * inside rate-based scope-downs, rule groups or Count/Captcha/Challenge rules neither block nor open.
 */
import { GetWebACLCommand, ListWebACLsCommand, type Scope, WAFV2Client } from '@aws-sdk/client-wafv2';
import type { ReadContext } from './define-action';

export type RuleEffect = 'blocks' | 'opens' | 'other';

export interface IpSetReference {
  webAcl: string;
  webAclArn: string;
  rule: string;
  priority: number;
  action: string;
  negated: boolean;
  effect: RuleEffect;
}

interface Statement {
  IPSetReferenceStatement?: { ARN?: string };
  AndStatement?: { Statements?: Statement[] };
  OrStatement?: { Statements?: Statement[] };
  NotStatement?: { Statement?: Statement };
  RateBasedStatement?: { ScopeDownStatement?: Statement };
  [k: string]: unknown;
}

interface Rule {
  Name?: string;
  Priority?: number;
  Action?: Record<string, unknown>;
  OverrideAction?: Record<string, unknown>;
  Statement?: Statement;
}

export interface WebAclDoc {
  Name?: string;
  ARN?: string;
  Rules?: Rule[];
}

/** Each place the statement references the set: negated or not, inside a rate-based scope-down or not. */
function uses(
  s: Statement | undefined,
  arn: string,
  negated: boolean,
  scoped: boolean,
  out: { negated: boolean; scoped: boolean }[],
) {
  if (!s) return;
  if (s.IPSetReferenceStatement?.ARN === arn) out.push({ negated, scoped });
  for (const x of s.AndStatement?.Statements ?? []) uses(x, arn, negated, scoped, out);
  for (const x of s.OrStatement?.Statements ?? []) uses(x, arn, negated, scoped, out);
  uses(s.NotStatement?.Statement, arn, !negated, scoped, out);
  uses(s.RateBasedStatement?.ScopeDownStatement, arn, negated, true, out);
}

/** The rules of one web ACL that reference the IP set, with what adding an address to it does. */
export function referencesTo(acl: WebAclDoc, ipSetArn: string): IpSetReference[] {
  const out: IpSetReference[] = [];
  for (const r of acl.Rules ?? []) {
    const found: { negated: boolean; scoped: boolean }[] = [];
    uses(r.Statement, ipSetArn, false, false, found);
    const action = Object.keys(r.Action ?? {})[0] ?? (r.OverrideAction ? 'RuleGroup' : 'None');
    for (const f of found) {
      const effect: RuleEffect =
        f.scoped || action === 'RuleGroup'
          ? 'other'
          : action === 'Block'
            ? f.negated
              ? 'opens'
              : 'blocks'
            : action === 'Allow' && !f.negated
              ? 'opens'
              : 'other';
      out.push({
        webAcl: acl.Name ?? '?',
        webAclArn: acl.ARN ?? '?',
        rule: r.Name ?? '?',
        priority: r.Priority ?? 0,
        action,
        negated: f.negated,
        effect,
      });
    }
  }
  return out;
}

/** Every reference to the IP set from the web ACLs of this scope (in the context's region). */
export async function readReferences(
  ctx: Pick<ReadContext, 'client'>,
  scope: Scope,
  ipSetArn: string,
): Promise<IpSetReference[]> {
  const waf = ctx.client(WAFV2Client);
  const out: IpSetReference[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  for (let page = 0; page < 50; page++) {
    const list = await waf.send(new ListWebACLsCommand({ Scope: scope, Limit: 100, NextMarker: marker }));
    const fresh = (list.WebACLs ?? []).filter((s) => !seen.has(s.ARN ?? s.Id ?? ''));
    for (const s of fresh) {
      seen.add(s.ARN ?? s.Id ?? '');
      const got = await waf.send(new GetWebACLCommand({ Name: s.Name, Scope: scope, Id: s.Id }));
      if (got.WebACL) out.push(...referencesTo(got.WebACL as WebAclDoc, ipSetArn));
    }
    // WAFv2 returns a NextMarker on the last page too; an empty (or repeated) page ends the list.
    if (!list.NextMarker || fresh.length === 0) break;
    marker = list.NextMarker;
  }
  return out;
}

export function describeReference(r: IpSetReference): string {
  return `rule "${r.rule}" (priority ${r.priority}, ${r.action}${r.negated ? ', negated' : ''}) of web ACL ${r.webAcl}`;
}

export type BlockingVerdict =
  | { ok: true; via: 'configured' | 'web-acl'; blocking: IpSetReference[] }
  | { ok: false; why: string };

/**
 * May addresses be added to this IP set? Yes when its ARN is in the configured list
 * (TRAILHOUND_WAF_BLOCK_IP_SETS), or when at least one web ACL rule blocks with it and no rule opens
 * with it (an Allow rule, or a negated Block). Reading the web ACLs failing is a refusal, not a pass.
 */
export async function blockingUse(
  ctx: Pick<ReadContext, 'client' | 'settings'>,
  scope: Scope,
  set: { name: string; arn: string },
): Promise<BlockingVerdict> {
  if ((ctx.settings?.wafBlockIpSets ?? []).includes(set.arn)) return { ok: true, via: 'configured', blocking: [] };
  let refs: IpSetReference[];
  try {
    refs = await readReferences(ctx, scope, set.arn);
  } catch (err) {
    return {
      ok: false,
      why: `Could not read the ${scope} web ACLs to check that IP set ${set.name} (${set.arn}) is used to block (${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? err}). Grant wafv2:ListWebACLs and wafv2:GetWebACL, or list the set's ARN in TRAILHOUND_WAF_BLOCK_IP_SETS.`,
    };
  }
  const opens = refs.filter((r) => r.effect === 'opens');
  if (opens.length)
    return {
      ok: false,
      why: `IP set ${set.name} (${set.arn}) is used to let traffic through by ${opens.map(describeReference).join('; ')}; adding an address to it would allow, not block, that address.`,
    };
  const blocking = refs.filter((r) => r.effect === 'blocks');
  if (!blocking.length)
    return {
      ok: false,
      why: `IP set ${set.name} (${set.arn}) is not referenced by any Block rule of a ${scope} web ACL${refs.length ? ` (only by ${refs.map(describeReference).join('; ')})` : ''}, so adding an address would block nothing. Use a set a Block rule references, or list its ARN in TRAILHOUND_WAF_BLOCK_IP_SETS.`,
    };
  return { ok: true, via: 'web-acl', blocking };
}
