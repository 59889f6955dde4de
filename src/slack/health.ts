/**
 * Whether the bot can act: the bot token verified with auth.test at start, and checked again every
 * minute while it fails, so `/healthz` says "degraded" with the reason (a revoked token, a token of
 * another workspace, Slack unreachable) instead of claiming `ok` for a bot that cannot post.
 */
import { log } from '../log';
import type { WebClient } from './types';

export interface HealthState {
  status: 'starting' | 'ok' | 'degraded';
  reason?: string;
  /** The bot user id auth.test returned. */
  botUserId?: string;
  checkedAt?: string;
}

/** A short reason from a failed auth.test (Slack's error code, or the network error), never the token. */
export function authFailureReason(err: unknown): string {
  const e = err as { data?: { error?: string }; code?: string; message?: string; original?: { code?: string } };
  const slackError = e?.data?.error;
  if (slackError === 'invalid_auth' || slackError === 'not_authed')
    return `the bot token was rejected by Slack (auth.test: ${slackError}); check SLACK_BOT_TOKEN (OAuth & Permissions → Bot User OAuth Token, xoxb-…)`;
  if (slackError === 'token_revoked' || slackError === 'account_inactive')
    return `the bot token is no longer valid (auth.test: ${slackError}); reinstall the app and update SLACK_BOT_TOKEN`;
  if (slackError) return `auth.test failed: ${slackError}`;
  const net = e?.original?.code ?? e?.code;
  return `Slack could not be reached to verify the bot token (auth.test: ${net ?? 'request failed'}); check network access to slack.com`;
}

export class SlackHealth {
  state: HealthState = { status: 'starting' };
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly client: WebClient,
    private readonly recheckMs = 60_000,
  ) {}

  /** Calls auth.test once; on failure keeps checking every `recheckMs` until it succeeds or stop(). */
  async verify(): Promise<HealthState> {
    try {
      const r = (await this.client.auth.test()) as { user_id?: string };
      this.state = { status: 'ok', botUserId: r.user_id, checkedAt: new Date().toISOString() };
      this.stopRechecking();
    } catch (err) {
      const reason = authFailureReason(err);
      const first = this.state.status !== 'degraded';
      this.state = { status: 'degraded', reason, checkedAt: new Date().toISOString() };
      if (first) log.error('slack bot token could not be verified', { reason });
      if (!this.timer) {
        this.timer = setInterval(() => void this.verify(), this.recheckMs);
        this.timer.unref();
      }
    }
    return this.state;
  }

  stopRechecking(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
