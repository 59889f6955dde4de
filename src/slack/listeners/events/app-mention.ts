/** `@Trailhound …` in a channel: answered in the message's thread (a new thread, or the one it is in). */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { handleQuestion } from '../../conversation';
import { depsOf } from '../../deps';
import { questionText } from '../../question-text';

export async function appMention({
  event,
  client,
  context,
}: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> {
  if (!event.user || event.bot_id) return;
  const deps = depsOf(context);
  await handleQuestion(deps, client, {
    channel: event.channel,
    threadTs: event.thread_ts ?? event.ts,
    user: event.user,
    text: questionText(event.text, context.botUserId),
  });
}
