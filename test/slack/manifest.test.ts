/** slack/manifest*.json match what the code listens for and the Web API methods it calls. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../src/slack/app';
import { COMMAND } from '../../src/slack/ids';

const load = (f: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../slack', f), 'utf8'));

describe('Slack manifest', () => {
  for (const file of ['manifest.json', 'manifest-http.json']) {
    it(`${file}: command, events, interactivity and the scopes the code needs`, () => {
      const m = load(file);
      expect(m.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([COMMAND]);
      expect(m.settings.event_subscriptions.bot_events).toEqual(
        expect.arrayContaining(['app_mention', 'message.im', 'app_home_opened', 'message.channels', 'message.groups']),
      );
      expect(m.settings.interactivity.is_enabled).toBe(true);
      expect(m.features.app_home.home_tab_enabled).toBe(true);
      // chat.postMessage/update/postEphemeral, users.info (+ email), usergroups.users.list, files.uploadV2, DMs, thread follow-ups.
      expect(m.oauth_config.scopes.bot).toEqual(
        expect.arrayContaining([
          'app_mentions:read',
          'chat:write',
          'commands',
          'im:history',
          'users:read',
          'users:read.email',
          'usergroups:read',
          'files:write',
          'channels:history',
          'groups:history',
        ]),
      );
      // Nothing opens or reads DM channels itself (no conversations.* calls): no im:read / im:write.
      expect(m.oauth_config.scopes.bot).not.toContain('im:read');
      expect(m.oauth_config.scopes.bot).not.toContain('im:write');
      expect(m.display_information.long_description.length).toBeGreaterThanOrEqual(174);
    });
  }

  it('the mention-only variant drops channels:history / groups:history and their events, nothing else', () => {
    const full = load('manifest.json');
    const m = load('manifest-mention-only.json');
    expect(m.oauth_config.scopes.bot).not.toContain('channels:history');
    expect(m.oauth_config.scopes.bot).not.toContain('groups:history');
    expect(m.settings.event_subscriptions.bot_events).not.toContain('message.channels');
    expect(m.settings.event_subscriptions.bot_events).not.toContain('message.groups');
    expect(m.oauth_config.scopes.bot).toEqual(
      full.oauth_config.scopes.bot.filter((x: string) => !['channels:history', 'groups:history'].includes(x)),
    );
    expect(m.settings.event_subscriptions.bot_events).toEqual(
      full.settings.event_subscriptions.bot_events.filter(
        (x: string) => !['message.channels', 'message.groups'].includes(x),
      ),
    );
    expect(m.features).toEqual(full.features);
  });

  it('Socket Mode by default; the HTTP variant points every URL at the events path', () => {
    expect(load('manifest.json').settings.socket_mode_enabled).toBe(true);
    const http = load('manifest-http.json');
    expect(http.settings.socket_mode_enabled).toBe(false);
    for (const url of [
      http.settings.event_subscriptions.request_url,
      http.settings.interactivity.request_url,
      http.features.slash_commands[0].url,
    ])
      expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
  });
});
