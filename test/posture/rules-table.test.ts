/**
 * The services-and-rules tables in README.md and docs/posture.md say how many rules each service
 * has; they must stay true to src/posture/rules (a rule added without its row fails here).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/posture/rules';

const NAMES: Record<string, string> = {
  'identity (idp)': 'identity',
  'aws config': 'config',
  'iam access analyzer': 'accessanalyzer',
  'security hub': 'securityhub',
};

function byService(): Record<string, number> {
  const m: Record<string, number> = {};
  for (const r of rules) m[r.service] = (m[r.service] ?? 0) + 1;
  return m;
}

/** Rows `| Service | N | …` after the table header starting with `| Service | Rules |`. */
function table(md: string): Record<string, number> {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => /^\| Service \| Rules \|/.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const out: Record<string, number> = {};
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    const [name, count] = l
      .split('|')
      .slice(1, 3)
      .map((c) => c.trim().replace(/\*/g, ''));
    if (name === 'total') continue;
    const key = name!.toLowerCase();
    out[NAMES[key] ?? key] = Number(count);
  }
  return out;
}

describe('services and rules tables', () => {
  it('README: one row per service with its rule count, and the total', () => {
    const md = readFileSync('README.md', 'utf8');
    expect(table(md)).toEqual(byService());
    expect(md).toContain(`**Posture: services and rules** (${rules.length};`);
  });

  it('docs/posture.md: the same counts and total', () => {
    const md = readFileSync('docs/posture.md', 'utf8');
    expect(table(md)).toEqual(byService());
    expect(md).toContain(`| **total** | **${rules.length}** | |`);
    expect(md).toContain(`${rules.length} rules in all`);
  });
});
