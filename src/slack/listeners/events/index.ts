import type { App } from '@slack/bolt';
import { appHomeOpened } from './app-home-opened';
import { appMention } from './app-mention';
import { message } from './message';

export function register(app: App): void {
  app.event('app_mention', appMention);
  app.event('message', message);
  app.event('app_home_opened', appHomeOpened);
}
