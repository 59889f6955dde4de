import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROMPT_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../prompts/system.md');
let cached: string | undefined;

/** The system prompt (prompts/system.md), plus today's date so "this week" resolves correctly. */
export function systemPrompt(now: Date): string {
  cached ??= readFileSync(PROMPT_PATH, 'utf8');
  return `${cached}\n\nThe current time is ${now.toISOString()} (UTC).`;
}
