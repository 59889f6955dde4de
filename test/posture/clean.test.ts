import { describe, expect, it } from 'vitest';
import { rules } from '../../src/posture/rules';
import { scanSnapshot } from '../../src/posture/scan';
import { cleanSnapshot } from './builders';

describe('the clean fixture account', () => {
  it('raises no finding and every rule is fully checked', () => {
    const r = scanSnapshot(cleanSnapshot(), rules);
    expect(r.findings.map((f) => `${f.ruleId} ${f.resourceId}: ${f.message}`)).toEqual([]);
    expect(r.notCheckedRules).toEqual([]);
    expect(r.partialRules).toEqual([]);
    expect(r.checkedRules).toHaveLength(rules.length);
  });
});
