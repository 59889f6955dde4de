/** The App Home tab opened: publish the person's view. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { depsOf } from '../../deps';
import { publishHome } from '../../home';

export async function appHomeOpened({
  event,
  client,
  context,
}: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> {
  if (event.tab && event.tab !== 'home') return;
  await publishHome(depsOf(context), client, event.user);
}
