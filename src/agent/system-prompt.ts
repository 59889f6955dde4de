import { readFileSync } from 'node:fs';
import { projectPath } from '../project-root';

const PROMPT_PATH = projectPath('prompts', 'system.md');
let cached: string | undefined;

/** The system prompt (prompts/system.md), plus today's date so "this week" resolves correctly. */
export function systemPrompt(now: Date): string {
  return `${stableSystemPrompt()}\n\n${clockLine(now)}`;
}

/** The part of the system prompt that never changes (cached by the API across questions). */
export function stableSystemPrompt(): string {
  cached ??= readFileSync(PROMPT_PATH, 'utf8');
  return cached;
}

/**
 * The clock, to the hour: stable for an hour, so it does not rewrite the prompt cache every
 * question (a millisecond timestamp did). Tools resolve relative windows with the exact clock.
 */
export function clockLine(now: Date): string {
  return `The current time is ${now.toISOString().slice(0, 13)}:00Z (UTC, to the hour).`;
}
