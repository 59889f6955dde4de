/**
 * One pass over an evidence folder's CloudTrail records for the tools that read a whole window
 * (map_identity, crowdstrike_correlate): every record is local, so one unfiltered pass beats one
 * filtered pass per lookup. The regions are handed to the source, which counts what it leaves out;
 * its report (records outside the asked regions, entries skipped by reason, CloudTrail not collected)
 * becomes warnings, so nothing is filtered away without the answer saying so.
 */
import type { AwsAccount } from '../src/aws/accounts';
import type { CloudTrailRecord } from '../src/cloudtrail/record';
import type { TrailSource } from '../src/cloudtrail/source';
import type { TimeWindow } from '../src/cloudtrail/time-window';
import type { SourceNote, UnreadSource } from './define-tool';

export async function evidenceTrailPass(
  source: TrailSource,
  account: AwsAccount,
  regions: string[],
  window: TimeWindow,
  feed: (r: CloudTrailRecord) => void,
  out: { notes: SourceNote[]; warnings: string[]; blind?: UnreadSource[] },
  signal?: AbortSignal,
): Promise<number> {
  let n = 0;
  const q = { start: window.start, end: window.end, ...(regions.length ? { regions } : {}) };
  for await (const r of source.events('*', q, { signal })) {
    n++;
    feed(r);
  }
  out.notes.push({
    account: account.name,
    api: 'evidence:cloudtrail',
    detail: `${n.toLocaleString('en-US')} events read in ${regions.join(', ') || 'all regions'}`,
  });
  const report = source.report?.();
  if (report) {
    for (const w of report.warnings) out.warnings.push(`${account.name}: ${w}`);
    if (report.blind) {
      out.warnings.push(`${account.name}: ${report.blind}`);
      out.blind?.push({ account: account.name, api: 'evidence:cloudtrail', reason: report.blind });
    }
  }
  return n;
}
