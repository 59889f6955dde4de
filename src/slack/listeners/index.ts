/** Registers every listener kind on the Bolt app. */
import type { App } from '@slack/bolt';
import * as actions from './actions/index';
import * as commands from './commands/index';
import * as events from './events/index';
import * as views from './views/index';

export function registerListeners(app: App): void {
  events.register(app);
  actions.register(app);
  views.register(app);
  commands.register(app);
}
