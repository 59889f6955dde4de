/**
 * What a tool receives: the accounts in scope, where to read from (live AWS or an evidence folder),
 * who is asking, and a progress callback. Tools never build SDK clients themselves.
 */
import type { AwsAccount } from '../aws/accounts';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { IamSource } from '../iam/snapshot';
import type { TrailSource } from '../sources/types';

export interface SourceFactory {
  mode: 'live' | 'evidence';
  /** Set in evidence mode. */
  evidenceDir?: string;
  /** This installation's External ID (live mode), for AssumeRole. */
  externalId?: string;
  trail(account: AwsAccount): TrailSource;
  /** The account's IAM snapshot source; memoised per account for the context's lifetime (one snapshot per scan). */
  iam(account: AwsAccount): IamSource;
}

export interface ToolContext {
  mode: 'live' | 'evidence';
  /** Accounts in scope for this question (all configured, or the one of --account/--evidence). */
  accounts: AwsAccount[];
  sources: SourceFactory;
  config: Config;
  db?: Db;
  /** Who asked (Slack user id + email, or the CLI user). */
  actor: string;
  actorEmail?: string;
  conversationId?: string;
  /** Set by the Slack surface: the thread the question came from (proposals post their card there). */
  slack?: { channel: string; threadTs: string };
  now(): Date;
  progress(message: string): void;
  signal?: AbortSignal;
}
