import { readFileSync } from 'node:fs';
import { projectPath } from '../project-root';

const PROMPT_PATH = projectPath('prompts', 'system.md');
let cached: string | undefined;

/** The system prompt (prompts/system.md), plus today's date so "this week" resolves correctly. */
export function systemPrompt(now: Date): string {
  cached ??= readFileSync(PROMPT_PATH, 'utf8');
  return `${cached}\n\nThe current time is ${now.toISOString()} (UTC).`;
}
