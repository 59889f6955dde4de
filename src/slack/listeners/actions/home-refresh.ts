/** The Refresh button on the App Home tab. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { depsOf } from '../../deps';
import { publishHome } from '../../home';

export async function homeRefresh({
  ack,
  body,
  client,
  context,
}: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> {
  await ack();
  await publishHome(depsOf(context), client, body.user.id);
}
