/**
 * Message events: every message in a DM with the app (message.im) is a question, answered in its
 * thread; in channels, a reply in a thread Trailhound already answers (a stored conversation) by the
 * person who started it is a follow-up even without a mention (needs channels:history /
 * groups:history) — others in the thread mention @Trailhound, so people can talk among themselves.
 * Mentions are left to the app_mention listener so nothing is answered twice; bots and edits are ignored.
 * With SLACK_MENTION_ONLY no channel message is read here (the app has no channels:history /
 * groups:history): every follow-up mentions @Trailhound and arrives as app_mention.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { conversationStarter } from '../../../db/queries/slack';
import { handleQuestion } from '../../conversation';
import { depsOf } from '../../deps';
import { threadKey } from '../../ids';
import { mentions, questionText } from '../../question-text';

export async function message({
  event,
  client,
  context,
}: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> {
  if (event.subtype !== undefined && event.subtype !== 'file_share') return;
  const m = event as {
    user?: string;
    bot_id?: string;
    text?: string;
    ts: string;
    thread_ts?: string;
    channel: string;
    channel_type?: string;
  };
  if (!m.user || m.bot_id || m.user === context.botUserId) return;
  const deps = depsOf(context);
  const text = m.text ?? '';
  if (m.channel_type === 'im') {
    await handleQuestion(deps, client, {
      channel: m.channel,
      threadTs: m.thread_ts ?? m.ts,
      user: m.user,
      text: questionText(text, context.botUserId),
    });
    return;
  }
  if (deps.config.SLACK_MENTION_ONLY || !m.thread_ts || mentions(text, context.botUserId)) return;
  if ((await conversationStarter(deps.db, threadKey(m.channel, m.thread_ts))) !== `slack:${m.user}`) return;
  await handleQuestion(deps, client, {
    channel: m.channel,
    threadTs: m.thread_ts,
    user: m.user,
    text: questionText(text, context.botUserId),
  });
}
