/**
 * Who may ask Trailhound in Slack. Investigation data is sensitive, so the default is to deny:
 * a question is answered when the asking user is in SLACK_ALLOWED_USERS, or is a member of one of
 * SLACK_ALLOWED_USERGROUPS, or the question is asked in one of SLACK_ALLOWED_CHANNELS. With all
 * three lists empty nobody is allowed — except in demo mode (TRAILHOUND_EVIDENCE_DIR set), where
 * the bot only reads a local evidence folder and everyone in the workspace may try it.
 * The check happens before anything is read from AWS.
 */
import type { WebClient } from './types';
import type { Config } from '../config';
import type { SlackDirectory } from './directory';

export type AccessDecision =
  | { ok: true; via: 'user' | 'usergroup' | 'channel' | 'demo-open' }
  | { ok: false; why: string };

export function allowlistsEmpty(c: Config): boolean {
  return (
    c.SLACK_ALLOWED_USERS.length === 0 &&
    c.SLACK_ALLOWED_USERGROUPS.length === 0 &&
    c.SLACK_ALLOWED_CHANNELS.length === 0
  );
}

export async function mayAsk(
  c: Config,
  directory: SlackDirectory,
  client: WebClient,
  who: { user: string; channel?: string },
  demoMode: boolean,
): Promise<AccessDecision> {
  if (allowlistsEmpty(c)) {
    return demoMode
      ? { ok: true, via: 'demo-open' }
      : {
          ok: false,
          why: 'no allowlist is configured (SLACK_ALLOWED_USERS / SLACK_ALLOWED_USERGROUPS / SLACK_ALLOWED_CHANNELS)',
        };
  }
  if (c.SLACK_ALLOWED_USERS.includes(who.user)) return { ok: true, via: 'user' };
  if (who.channel && c.SLACK_ALLOWED_CHANNELS.includes(who.channel)) return { ok: true, via: 'channel' };
  if (
    c.SLACK_ALLOWED_USERGROUPS.length &&
    (await directory.groupsOf(client, who.user, c.SLACK_ALLOWED_USERGROUPS)).length
  )
    return { ok: true, via: 'usergroup' };
  return { ok: false, why: 'user, user groups and channel are not on the allowlist' };
}
