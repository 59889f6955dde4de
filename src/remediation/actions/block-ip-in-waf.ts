/**
 * Add a CIDR to a named WAFv2 IP set (REGIONAL, or CLOUDFRONT in us-east-1): GetIPSet → UpdateIPSet
 * with the set's LockToken, retrying on WAFOptimisticLockException, never adding an entry that is
 * already present or covered by a wider one. Takes effect wherever a web ACL rule references the set.
 *
 * Only sets that block: a web ACL rule with a Block action references the set (and no Allow rule or
 * negated Block does), checked with ListWebACLs/GetWebACL when proposing and again before executing,
 * or the set's ARN is listed in TRAILHOUND_WAF_BLOCK_IP_SETS. A name from injected text ("corp-allowlist")
 * cannot turn an allow list into the target.
 */
import { GetIPSetCommand, ListIPSetsCommand, UpdateIPSetCommand, WAFV2Client, type Scope } from '@aws-sdk/client-wafv2';
import { z } from 'zod';
import { ActionError, awsCode, defineAction, type ReadContext } from '../define-action';
import { contains, parseCidr, tryParse } from '../cidr';
import { blockingUse, describeReference, type IpSetReference } from '../waf-references';

const MAX_LOCK_RETRIES = 5;

const input = z.object({
  ip_set_name: z
    .string()
    .regex(/^[\w-]{1,128}$/, 'a WAF IP set name: 1-128 letters, digits, _ or -')
    .describe('Name of the existing WAFv2 IP set used by a blocking rule, e.g. "trailhound-blocklist".'),
  ip_set_id: z
    .string()
    .regex(/^[0-9A-Za-z-]{1,36}$/, 'must be a WAF IP set id: up to 36 letters, digits or -')
    .optional()
    .describe('The IP set id, when known; otherwise it is looked up by name.'),
  scope: z
    .enum(['REGIONAL', 'CLOUDFRONT'])
    .describe(
      'REGIONAL (ALB, API Gateway, AppSync… in the proposal region) or CLOUDFRONT (global, managed in us-east-1).',
    ),
  cidr: z
    .string()
    .max(64)
    .superRefine((v, ctx) => {
      try {
        parseCidr(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    })
    .transform((v) => parseCidr(v).text)
    .describe(
      'IPv4 or IPv6 address or CIDR to block, e.g. "185.220.101.7" (→ /32), "203.0.113.0/24", "2001:db8::/48". Host bits are zeroed.',
    ),
});
type Input = z.output<typeof input>;

interface SetState {
  id: string;
  arn: string;
  version: string;
  addresses: string[];
  description?: string;
  lockToken: string;
}

async function findId(ctx: ReadContext, i: Input): Promise<string | null> {
  if (i.ip_set_id) return i.ip_set_id;
  const waf = ctx.client(WAFV2Client);
  let marker: string | undefined;
  for (let page = 0; page < 50; page++) {
    const out = await waf.send(new ListIPSetsCommand({ Scope: i.scope as Scope, Limit: 100, NextMarker: marker }));
    const hit = (out.IPSets ?? []).find((s) => s.Name === i.ip_set_name);
    if (hit) return hit.Id!;
    if (!out.NextMarker || (out.IPSets ?? []).length === 0) return null;
    marker = out.NextMarker;
  }
  return null;
}

async function getSet(ctx: ReadContext, i: Input, id: string): Promise<SetState | null> {
  try {
    const out = await ctx
      .client(WAFV2Client)
      .send(new GetIPSetCommand({ Name: i.ip_set_name, Scope: i.scope as Scope, Id: id }));
    const s = out.IPSet!;
    return {
      id: s.Id!,
      arn: s.ARN!,
      version: s.IPAddressVersion!,
      addresses: s.Addresses ?? [],
      description: s.Description,
      lockToken: out.LockToken!,
    };
  } catch (err) {
    if (awsCode(err) === 'WAFNonexistentItemException') return null;
    throw err;
  }
}

/** The existing entry equal to or wider than the CIDR, if any. */
function coveredBy(addresses: string[], cidr: string): string | undefined {
  const c = parseCidr(cidr);
  return addresses.find((a) => {
    const e = tryParse(a);
    return e !== undefined && contains(e, c);
  });
}

function versionProblem(set: SetState, cidr: string): string | null {
  const v = parseCidr(cidr).version === 4 ? 'IPV4' : 'IPV6';
  return set.version === v
    ? null
    : `IP set ${set.id} holds ${set.version} addresses; ${cidr} is ${v}. Use an ${v} IP set.`;
}

export default defineAction({
  kind: 'block_ip_in_waf',
  title: 'Block IP in WAF',
  description:
    'Adds an IPv4/IPv6 address or CIDR to an existing WAFv2 IP set (REGIONAL or CLOUDFRONT scope) that a web ACL rule uses to block traffic. Only a set that a web ACL Block rule references (and no Allow rule does), or one the operator listed in TRAILHOUND_WAF_BLOCK_IP_SETS, is accepted: an allow list is refused. Does not create sets, rules or web ACLs. A CIDR already present or covered by a wider entry is refused when proposing (nothing to do) and skipped if it appears before execution; entries are never duplicated. Reversible: remove the entry from the IP set. Ranges wider than /8 (IPv4) or /16 (IPv6) are refused.',
  input,
  permissions: ['wafv2:ListIPSets', 'wafv2:GetIPSet', 'wafv2:ListWebACLs', 'wafv2:GetWebACL', 'wafv2:UpdateIPSet'],
  risk: 'low',
  destructive: false,
  reversal:
    'Remove the entry from the IP set (WAF console → IP sets, or aws wafv2 update-ip-set with the address list minus this CIDR).',
  regional: true,
  region: (i) => (i.scope === 'CLOUDFRONT' ? 'us-east-1' : undefined),
  targets: (i) => [{ type: 'waf-ip-set', id: i.ip_set_name }],
  describe: (i, observed) => {
    const o = observed as { arn?: string; blockedBy?: string[]; via?: string } | null | undefined;
    const base = `Block ${i.cidr} by adding it to WAF IP set ${i.ip_set_name} (${i.scope})`;
    if (!o?.arn) return `${base}.`;
    const by =
      o.via === 'configured'
        ? 'listed in TRAILHOUND_WAF_BLOCK_IP_SETS'
        : `blocked by ${(o.blockedBy ?? []).join('; ') || 'a web ACL rule'}`;
    return `${base}: ${o.arn}, ${by}.`;
  },
  async observe(ctx, i) {
    const id = await findId(ctx, i);
    const set = id ? await getSet(ctx, i, id) : null;
    if (!set)
      throw new ActionError(
        `No WAF IP set named ${i.ip_set_name} in scope ${i.scope}${i.scope === 'REGIONAL' ? ` in ${ctx.region}` : ''}.`,
        'WAFNonexistentItemException',
      );
    const bad = versionProblem(set, i.cidr);
    if (bad) throw new ActionError(bad);
    const verdict = await blockingUse(ctx, i.scope as Scope, { name: i.ip_set_name, arn: set.arn });
    if (!verdict.ok) throw new ActionError(verdict.why);
    const cov = coveredBy(set.addresses, i.cidr);
    if (cov)
      throw new ActionError(`${i.cidr} is already blocked by the entry ${cov} in ${i.ip_set_name}: nothing to do.`);
    return {
      id: set.id,
      arn: set.arn,
      version: set.version,
      entries: set.addresses.length,
      via: verdict.via,
      blockedBy: verdict.blocking.map(describeReference),
      webAcls: [...new Set(verdict.blocking.map((r: IpSetReference) => r.webAclArn))],
    };
  },
  async precheck(ctx, i) {
    const seen = ctx.observed as { id?: string } | null;
    const id = seen?.id ?? (await findId(ctx, i));
    const set = id ? await getSet(ctx, i, id) : null;
    if (!set)
      return {
        ok: false,
        why: `WAF IP set ${i.ip_set_name} (${i.scope}) no longer exists${seen?.id ? ` with id ${seen.id}` : ''}.`,
      };
    const bad = versionProblem(set, i.cidr);
    if (bad) return { ok: false, why: bad };
    const verdict = await blockingUse(ctx, i.scope as Scope, { name: i.ip_set_name, arn: set.arn });
    if (!verdict.ok) return { ok: false, why: verdict.why };
    const cov = coveredBy(set.addresses, i.cidr);
    return {
      ok: true,
      before: { id: set.id, arn: set.arn, entries: set.addresses.length, coveredBy: cov ?? null },
      notes: cov ? [`${i.cidr} is already covered by ${cov}; the set will not be changed.`] : [],
    };
  },
  async execute(ctx, i, before) {
    const waf = ctx.client(WAFV2Client);
    const r = await ctx.step(`waf-add:${before.id}:${i.cidr}`, `Add ${i.cidr} to IP set ${i.ip_set_name}`, async () => {
      for (let attempt = 1; attempt <= MAX_LOCK_RETRIES; attempt++) {
        const set = await getSet(ctx, i, before.id);
        if (!set)
          throw new ActionError(
            `WAF IP set ${i.ip_set_name} disappeared during the update.`,
            'WAFNonexistentItemException',
          );
        const cov = coveredBy(set.addresses, i.cidr);
        if (cov) return { added: false, coveredBy: cov, entries: set.addresses.length, lockRetries: attempt - 1 };
        try {
          await waf.send(
            new UpdateIPSetCommand({
              Name: i.ip_set_name,
              Scope: i.scope as Scope,
              Id: set.id,
              Addresses: [...set.addresses, i.cidr],
              ...(set.description !== undefined ? { Description: set.description } : {}),
              LockToken: set.lockToken,
            }),
          );
          return { added: true, entries: set.addresses.length + 1, lockRetries: attempt - 1 };
        } catch (err) {
          if (awsCode(err) !== 'WAFOptimisticLockException' || attempt === MAX_LOCK_RETRIES) {
            if (awsCode(err) === 'WAFOptimisticLockException')
              throw new ActionError(
                `The IP set kept changing under us (WAFOptimisticLockException ${MAX_LOCK_RETRIES} times); retry the execution.`,
                'WAFOptimisticLockException',
              );
            if (awsCode(err) === 'WAFLimitsExceededException')
              throw new ActionError(
                `The IP set is full (WAF allows 10,000 addresses per set): ${(err as Error).message}`,
                'WAFLimitsExceededException',
              );
            throw err;
          }
          await new Promise((res) => setTimeout(res, 50 * attempt));
        }
      }
      throw new ActionError('unreachable');
    });
    return {
      after: r,
      summary: r.added
        ? `Added ${i.cidr} to WAF IP set ${i.ip_set_name} (${i.scope}); it now has ${r.entries} entries${r.lockRetries ? ` (after ${r.lockRetries} lock conflict retr${r.lockRetries === 1 ? 'y' : 'ies'})` : ''}.`
        : `${i.cidr} was already blocked by ${r.coveredBy} in ${i.ip_set_name}; the set was not changed.`,
    };
  },
});
