/** The tool registry's contract: every tool the model sees is well-formed. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inputJsonSchema } from '../../tools/define-tool';
import { allTools } from '../../tools/index';

const tools = allTools({ remediation: true });

describe('tool registry', () => {
  it('has unique snake_case names', () => {
    const names = tools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });

  it.each(tools.map((t) => [t.name, t] as const))(
    '%s has a model-facing description and an object schema with described fields',
    (_n, t) => {
      expect(t.description.length).toBeGreaterThan(80);
      expect(t.input).toBeInstanceOf(z.ZodObject);
      const schema = inputJsonSchema(t);
      expect(schema.type).toBe('object');
      const props = (schema.properties ?? {}) as Record<string, { description?: string }>;
      for (const [field, p] of Object.entries(props))
        expect(p.description, `${t.name}.${field} lacks .describe()`).toBeTruthy();
    },
  );

  it('offers propose_* tools only when remediation is enabled', () => {
    expect(allTools({ remediation: false }).some((t) => t.kind === 'propose' || t.name.startsWith('propose_'))).toBe(
      false,
    );
  });
});
