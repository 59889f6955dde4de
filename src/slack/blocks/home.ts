/** The App Home tab: pending approvals the viewer may act on, the latest scan per account, active schedules. */
import type { ScanRow } from '../../db/queries/slack';
import type { ScheduleRow } from '../../db/queries/schedules';
import { code, esc } from '../escape';
import { ACTION } from '../ids';
import { clip, LIMITS } from '../limits';
import { approvalCard, type CardProposal } from './approval-card';
import { type Block, context, divider, header, section, utc } from './common';

export interface HomeData {
  allowed: boolean;
  mode: 'live' | 'evidence';
  accounts: number;
  pending: CardProposal[];
  scans: ScanRow[];
  schedules: ScheduleRow[];
  now: Date;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

function scanLine(s: ScanRow): string {
  const sum = (s.summary ?? {}) as {
    bySeverity?: Record<string, number>;
    findings?: number;
    opened?: number;
    resolved?: number;
  };
  const rank = (k: string) => {
    const i = SEVERITIES.indexOf(k);
    return i < 0 ? SEVERITIES.length : i;
  };
  const sev = Object.entries(sum.bySeverity ?? {})
    .sort(([a], [b]) => rank(a) - rank(b))
    .filter(([, n]) => typeof n === 'number' && n > 0)
    .map(([k, n]) => `${esc(k)} ${n}`)
    .join(' · ');
  const parts = [
    typeof sum.findings === 'number'
      ? `${sum.findings} finding${sum.findings === 1 ? '' : 's'}${sev ? ` (${sev})` : ''}`
      : sev,
    sum.opened ? `${sum.opened} new` : '',
    sum.resolved ? `${sum.resolved} resolved` : '',
    s.warnings?.length ? `:warning: ${s.warnings.length} warning(s)` : '',
  ].filter(Boolean);
  return `*${esc(s.account)}* — ${esc(s.status)} scan ${utc(s.finishedAt ?? s.startedAt)}${parts.length ? ` — ${parts.join(' · ')}` : ''}`;
}

export function homeView(d: HomeData): { type: 'home'; blocks: Block[] } {
  const blocks: Block[] = [header('Trailhound')];
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: ACTION.homeRefresh,
        text: { type: 'plain_text', text: 'Refresh' },
        value: 'refresh',
      },
    ],
  });
  if (!d.allowed) {
    blocks.push(
      section('You are not on Trailhound’s access list, so nothing is shown here. Ask a Trailhound admin to add you.'),
    );
    return { type: 'home', blocks };
  }
  blocks.push(
    context(
      `${d.mode === 'evidence' ? 'Demo mode (evidence folder)' : `${d.accounts} account(s) configured`} · Mention me in a channel, DM me, or use ${code('/trailhound help')}.`,
    ),
  );

  blocks.push(divider, section(`*Waiting for your approval* (${d.pending.length})`));
  if (!d.pending.length) blocks.push(context('Nothing waiting for you.'));
  for (const p of d.pending.slice(0, 5))
    blocks.push(...approvalCard(p, d.now).blocks.filter((b) => b.type !== 'header'), divider);
  if (d.pending.length > 5) blocks.push(context(`…and ${d.pending.length - 5} more; see \`trailhound proposals\`.`));

  blocks.push(divider, section('*Latest scan per account*'));
  blocks.push(
    d.scans.length
      ? section(clip(d.scans.slice(0, 20).map(scanLine).join('\n'), LIMITS.sectionText))
      : context('No scans yet. Run `/trailhound scan`.'),
  );

  blocks.push(divider, section('*Active schedules*'));
  blocks.push(
    d.schedules.length
      ? section(
          clip(
            d.schedules
              .slice(0, 20)
              .map(
                (s) =>
                  `*${esc(s.name)}* — ${esc(s.kind)} ${code(s.cron)} UTC → ${/^[CG][A-Z0-9]+$/.test(s.channel) ? `<#${s.channel}>` : esc(s.channel)}${s.nextRunAt ? ` · next ${utc(s.nextRunAt)}` : ''}`,
              )
              .join('\n'),
            LIMITS.sectionText,
          ),
        )
      : context('No schedules.'),
  );
  return { type: 'home', blocks: blocks.slice(0, LIMITS.homeBlocks) };
}
