/** Builds and publishes a person's App Home (views.publish). */
import { pendingForApprover } from '../approvals/index';
import { listAccounts } from '../db/queries/accounts';
import { listSchedules } from '../db/queries/schedules';
import { latestScanPerAccount } from '../db/queries/slack';
import { log } from '../log';
import { mayAsk } from './access';
import { homeView } from './blocks/home';
import { approvalDeps, toCard } from './cards';
import type { SlackDeps } from './deps';
import { slackApprover } from './listeners/actions/approver';
import type { WebClient } from './types';

export async function publishHome(deps: SlackDeps, client: WebClient, userId: string): Promise<void> {
  const allowed = (await mayAsk(deps.config, deps.directory, client, { user: userId }, !!deps.evidenceDir)).ok;
  const approver = await slackApprover(deps, client, userId);
  const [pending, scans, schedules, accounts] = allowed
    ? await Promise.all([
        pendingForApprover(approvalDeps(deps), approver),
        latestScanPerAccount(deps.db),
        listSchedules(deps.db),
        listAccounts(deps.db),
      ])
    : [[], [], [], []];
  const view = homeView({
    allowed,
    mode: deps.evidenceDir ? 'evidence' : 'live',
    accounts: accounts.length,
    pending: pending.map(toCard),
    scans,
    schedules,
    now: deps.now?.() ?? new Date(),
  });
  await client.views.publish({ user_id: userId, view }).catch((err) => log.warn('views.publish failed', { err }));
}
