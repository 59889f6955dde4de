/**
 * What every Slack listener needs, attached to Bolt's `context` by one global middleware so each
 * listener module stays a single exported callback.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { SlackDirectory } from './directory';
import type { WebClient } from './types';
import type { WorkTracker } from './work-tracker';

export interface SlackDeps {
  config: Config;
  db: Db;
  /** Demo / offline mode: answer from this evidence folder instead of live AWS. */
  evidenceDir?: string;
  /** Injected Anthropic client (tests); otherwise ask() builds one from ANTHROPIC_API_KEY. */
  anthropic?: Anthropic;
  /** Clock for questions; in demo mode the evidence folder's collection time. */
  now?: () => Date;
  directory: SlackDirectory;
  work: WorkTracker;
  /** Web API client for progress edits only: no retries of rate-limited calls (a skipped edit is harmless). */
  progressClient?: WebClient;
  /** Edit interval of the progress message (ms). */
  progressIntervalMs?: number;
}

export const DEPS_KEY = 'trailhound';

export function depsOf(context: Record<string, unknown>): SlackDeps {
  const d = context[DEPS_KEY] as SlackDeps | undefined;
  if (!d) throw new Error('Slack listener invoked without Trailhound deps (register the deps middleware first)');
  return d;
}
