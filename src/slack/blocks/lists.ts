/** Replies of the `/trailhound` subcommands: help, accounts, schedules, findings. */
import type { AwsAccount } from '../../aws/accounts';
import type { ScheduleRow } from '../../db/queries/schedules';
import { code, esc } from '../escape';
import { COMMAND } from '../ids';
import { clip, LIMITS } from '../limits';
import { type Block, context, header, section, type SlackMessage, utc } from './common';

export function helpMessage(o: { scanAvailable: boolean }): SlackMessage {
  const lines = [
    `${code(`${COMMAND} ask <question>`)} — investigate (answered in a thread; follow-ups in the thread keep the context)`,
    `${code(`${COMMAND} scan [account]`)} — posture scan${o.scanAvailable ? '' : ' (not available yet in this installation)'}`,
    `${code(`${COMMAND} accounts`)} — configured AWS accounts`,
    `${code(`${COMMAND} findings`)} — open posture findings`,
    `${code(`${COMMAND} schedules`)} — scheduled digests`,
    `${code(`${COMMAND} help`)} — this help`,
    '',
    'You can also mention me in a channel (`@Trailhound what did AKIA… do this week?`) or DM me. Changes are only ever proposed; an approver approves them on the card.',
  ];
  return { text: 'Trailhound help', blocks: [header('Trailhound'), section(lines.join('\n'))] };
}

export function accountsMessage(
  accounts: AwsAccount[],
  mode: 'live' | 'evidence',
  evidenceName?: string,
): SlackMessage {
  if (mode === 'evidence')
    return {
      text: 'Demo mode',
      blocks: [
        section(`Demo mode: answering from the evidence folder for account ${code(evidenceName ?? 'evidence')}.`),
      ],
    };
  if (!accounts.length)
    return {
      text: 'No accounts',
      blocks: [
        section(
          'No AWS accounts are configured yet. An admin adds them with `trailhound accounts add NAME --account-id … --role-arn …`.',
        ),
      ],
    };
  const lines = accounts.map(
    (a) =>
      `*${esc(a.name)}* ${code(a.accountId)} — ${a.regions.map(esc).join(', ') || 'no regions'}${a.remediationRoleArn ? ' · remediation role set' : ''}`,
  );
  return {
    text: `${accounts.length} account(s)`,
    blocks: [section(`*AWS accounts (${accounts.length})*`), section(clip(lines.join('\n'), LIMITS.sectionText))],
  };
}

export function schedulesMessage(rows: ScheduleRow[]): SlackMessage {
  if (!rows.length) return { text: 'No schedules', blocks: [section('No active schedules.')] };
  const lines = rows.map(
    (s) =>
      `*${esc(s.name)}* — ${esc(s.kind)} ${code(s.cron)} UTC → ${/^[CG][A-Z0-9]+$/.test(s.channel) ? `<#${s.channel}>` : esc(s.channel)}${s.accounts.length ? ` · ${s.accounts.map(esc).join(', ')}` : ''}${s.nextRunAt ? ` · next ${utc(s.nextRunAt)}` : ''}${s.lastRunAt ? ` · last ${utc(s.lastRunAt)}` : ''}`,
  );
  return {
    text: `${rows.length} schedule(s)`,
    blocks: [section(`*Active schedules (${rows.length})*`), section(clip(lines.join('\n'), LIMITS.sectionText))],
  };
}

export interface FindingLine {
  account: string;
  severity: string;
  title: string;
  resourceId: string;
  region?: string | null;
  firstSeen?: Date | string | null;
}

export function findingsMessage(rows: FindingLine[], total?: number): SlackMessage {
  if (!rows.length)
    return { text: 'No open findings', blocks: [section('No open findings. Run `/trailhound scan` to check again.')] };
  const blocks: Block[] = [section(`*Open findings (${total ?? rows.length})*`)];
  const lines = rows
    .slice(0, 40)
    .map(
      (f) =>
        `• *${esc(f.severity)}* ${esc(f.title)} — ${code(f.resourceId)} (${esc(f.account)}${f.region ? ` ${esc(f.region)}` : ''})${f.firstSeen ? ` since ${utc(f.firstSeen)}` : ''}`,
    );
  blocks.push(section(clip(lines.join('\n'), LIMITS.sectionText)));
  if ((total ?? rows.length) > 40)
    blocks.push(context(`Showing 40 of ${total ?? rows.length}; \`trailhound findings\` lists all.`));
  return { text: `${total ?? rows.length} open findings`, blocks };
}

export function textMessage(mrkdwn: string): SlackMessage {
  return { text: clip(mrkdwn, 300), blocks: [section(mrkdwn)] };
}
