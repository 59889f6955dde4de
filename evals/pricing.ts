/**
 * Estimated Claude cost of an eval run, from the token counts the Messages API reports. The prices
 * are list prices in USD per million tokens by model family (cache writes at 1.25x input, cache
 * reads at 0.1x input); an unknown model gets no estimate rather than a wrong one.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

const FAMILIES: { match: RegExp; input: number; output: number }[] = [
  { match: /haiku-4|haiku-[5-9]/, input: 1, output: 5 },
  { match: /haiku/, input: 0.8, output: 4 },
  { match: /sonnet/, input: 3, output: 15 },
  { match: /opus-4-[5-9]|opus-[5-9]/, input: 5, output: 25 },
  { match: /opus/, input: 15, output: 75 },
];

/** USD, or undefined when the model's price is not known here. */
export function estimateCostUsd(model: string, u: Usage): number | undefined {
  const f = FAMILIES.find((x) => x.match.test(model));
  if (!f) return undefined;
  const perToken = (usd: number) => usd / 1_000_000;
  return (
    u.inputTokens * perToken(f.input) +
    u.cacheWriteTokens * perToken(f.input * 1.25) +
    u.cacheReadTokens * perToken(f.input * 0.1) +
    u.outputTokens * perToken(f.output)
  );
}
