/** What adding an address to an IP set does, rule by rule (pure: GetWebACL's WebACL in). */
import { describe, expect, it } from 'vitest';
import { referencesTo, type WebAclDoc } from '../../src/remediation/waf-references';
import { wireJson } from '../helpers/fixtures';

const SET = 'arn:aws:wafv2:us-east-1:222222222222:regional/ipset/s/1';
const ref = { IPSetReferenceStatement: { ARN: SET } };
const other = { ByteMatchStatement: { SearchString: 'x' } };
const acl = (...rules: Record<string, unknown>[]): WebAclDoc => ({
  Name: 'a',
  ARN: 'arn:aws:wafv2:us-east-1:222222222222:regional/webacl/a/1',
  Rules: rules.map((r, i) => ({ Name: `r${i}`, Priority: i, ...r })),
});
const effects = (d: WebAclDoc) => referencesTo(d, SET).map((r) => r.effect);

describe('referencesTo', () => {
  it('the wire fixture: corp-allowlist opens (Allow), the blocklist blocks, the managed group is ignored', () => {
    const doc = (wireJson('wafv2/get-web-acl.json') as { WebACL: WebAclDoc }).WebACL;
    const corp =
      'arn:aws:wafv2:us-east-1:222222222222:regional/ipset/corp-allowlist/d4e5f6a7-8901-23ab-cdef-EXAMPLE44444';
    expect(referencesTo(doc, corp).map((r) => [r.rule, r.effect])).toEqual([['allow-corp', 'opens']]);
    const block =
      'arn:aws:wafv2:us-east-1:222222222222:regional/ipset/trailhound-blocklist/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
    expect(referencesTo(doc, block).map((r) => [r.rule, r.effect])).toEqual([['block-trailhound', 'blocks']]);
  });

  it('Block directly, in Or and in And blocks; Block under Not opens; Not-Not blocks again', () => {
    expect(effects(acl({ Action: { Block: {} }, Statement: ref }))).toEqual(['blocks']);
    expect(effects(acl({ Action: { Block: {} }, Statement: { OrStatement: { Statements: [other, ref] } } }))).toEqual([
      'blocks',
    ]);
    expect(effects(acl({ Action: { Block: {} }, Statement: { AndStatement: { Statements: [other, ref] } } }))).toEqual([
      'blocks',
    ]);
    expect(effects(acl({ Action: { Block: {} }, Statement: { NotStatement: { Statement: ref } } }))).toEqual(['opens']);
    expect(
      effects(
        acl({
          Action: { Block: {} },
          Statement: { NotStatement: { Statement: { NotStatement: { Statement: ref } } } },
        }),
      ),
    ).toEqual(['blocks']);
  });

  it('Allow opens; Allow under Not, Count, Captcha, rate-based scope-downs and rule groups are neither', () => {
    expect(effects(acl({ Action: { Allow: {} }, Statement: ref }))).toEqual(['opens']);
    expect(effects(acl({ Action: { Allow: {} }, Statement: { NotStatement: { Statement: ref } } }))).toEqual(['other']);
    expect(effects(acl({ Action: { Count: {} }, Statement: ref }))).toEqual(['other']);
    expect(effects(acl({ Action: { Captcha: {} }, Statement: ref }))).toEqual(['other']);
    expect(
      effects(
        acl({
          Action: { Block: {} },
          Statement: { RateBasedStatement: { Limit: 100, AggregateKeyType: 'IP', ScopeDownStatement: ref } },
        }),
      ),
    ).toEqual(['other']);
    expect(effects(acl({ Action: { Block: {} }, Statement: other }))).toEqual([]);
  });
});
