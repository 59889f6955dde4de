/**
 * `/trailhound ask <q> | scan [account] | accounts | findings | schedules | help`. Acknowledged at
 * once; help is answered in the acknowledgement, the rest after it (ephemeral replies through
 * response_url, questions and scans in a new thread in the channel). The allowlist applies to
 * everything but help.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { findTool } from '../../../../tools/index';
import { listAccounts } from '../../../db/queries/accounts';
import { listSchedules } from '../../../db/queries/schedules';
import { countFindings, listFindings } from '../../../db/queries/findings';
import { evidenceInfo } from '../../../runtime/build-context';
import { log } from '../../../log';
import { mayAsk } from '../../access';
import { accountsMessage, findingsMessage, helpMessage, schedulesMessage, textMessage } from '../../blocks/lists';
import { refusalMessage } from '../../blocks/progress';
import { answerQuestion } from '../../conversation';
import { depsOf } from '../../deps';
import { code, esc, userMention } from '../../escape';
import { runToolInThread } from '../../tool-run';

export const SCAN_TOOL = 'posture_scan';

export async function trailhound({
  ack,
  command,
  client,
  context,
  respond,
}: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  const [sub = 'help', ...restWords] = command.text.trim().split(/\s+/).filter(Boolean);
  const rest = restWords.join(' ');
  const scanTool = findTool(SCAN_TOOL, { remediation: false });
  const verb = sub.toLowerCase();
  if (verb === 'help' || !['ask', 'scan', 'accounts', 'findings', 'schedules'].includes(verb)) {
    const help = helpMessage({ scanAvailable: !!scanTool });
    const unknown =
      verb === 'help'
        ? []
        : [
            {
              type: 'section' as const,
              text: { type: 'mrkdwn' as const, text: `Unknown subcommand ${code(sub)}.`, verbatim: true },
            },
          ];
    await ack({ response_type: 'ephemeral', text: help.text, blocks: [...unknown, ...help.blocks] });
    return;
  }
  await ack();
  const deps = depsOf(context);
  const reply = (m: { text: string; blocks: unknown[] }) =>
    respond({ response_type: 'ephemeral', text: m.text, blocks: m.blocks as never }).catch((err) =>
      log.warn('respond failed', { err }),
    );

  const decision = await mayAsk(
    deps.config,
    deps.directory,
    client,
    { user: command.user_id, channel: command.channel_id },
    !!deps.evidenceDir,
  );
  if (!decision.ok) {
    log.info('slash command refused', { user: command.user_id, channel: command.channel_id, why: decision.why });
    await reply(refusalMessage());
    return;
  }

  switch (verb) {
    case 'accounts': {
      const accounts = deps.evidenceDir ? [] : await listAccounts(deps.db);
      await reply(
        accountsMessage(
          accounts,
          deps.evidenceDir ? 'evidence' : 'live',
          deps.evidenceDir ? evidenceInfo(deps.evidenceDir).account.name : undefined,
        ),
      );
      return;
    }
    case 'schedules':
      await reply(schedulesMessage(await listSchedules(deps.db)));
      return;
    case 'findings': {
      const [rows, counts] = await Promise.all([
        listFindings(deps.db, { status: 'open', limit: 40 }),
        countFindings(deps.db, { status: 'open' }),
      ]);
      await reply(
        findingsMessage(
          rows,
          counts.reduce((n, c) => n + c.count, 0),
        ),
      );
      return;
    }
    case 'ask':
    case 'scan': {
      if (verb === 'ask' && !rest) {
        await reply(textMessage(`Usage: ${code('/trailhound ask what did AKIAIOSFODNN7EXAMPLE do this week?')}`));
        return;
      }
      if (verb === 'scan' && !scanTool) {
        await reply(
          textMessage(
            'Posture scanning is not available in this installation yet. You can still ask questions: `/trailhound ask …`.',
          ),
        );
        return;
      }
      const headline =
        verb === 'ask'
          ? `${userMention(command.user_id)} asked: ${esc(rest)}`
          : `${userMention(command.user_id)} requested a posture scan${rest ? ` of ${code(rest)}` : ' of every account'}`;
      let ts: string | undefined;
      try {
        const r = await client.chat.postMessage({ channel: command.channel_id, text: headline });
        ts = r.ts;
      } catch (err) {
        log.info('cannot post in the channel', { channel: command.channel_id, err });
        await reply(
          textMessage('I cannot post in this channel. Invite me (`/invite @Trailhound`), or DM me the question.'),
        );
        return;
      }
      if (!ts) return;
      if (verb === 'ask')
        await answerQuestion(deps, client, {
          channel: command.channel_id,
          threadTs: ts,
          user: command.user_id,
          text: rest,
        });
      else
        await runToolInThread(deps, client, {
          channel: command.channel_id,
          threadTs: ts,
          user: command.user_id,
          tool: scanTool!,
          input: rest ? { accounts: [rest] } : {},
          accountName: rest || undefined,
        });
      return;
    }
  }
}
