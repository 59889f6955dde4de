/**
 * Posts the investigation timeline chart (CloudTrail events per hour per principal or IP, tagged
 * events marked) in the question's thread with files.uploadV2 (files.getUploadURLExternal, the
 * upload, files.completeUploadExternal). A failure is logged, never fatal: the text answer stands.
 */
import type { AgentAnswer } from '../agent/types';
import { activityTimelineSpec, timelineChartInput } from '../charts/activity-timeline';
import { renderChart } from '../charts/render';
import { mergeActivity } from '../cloudtrail/activity';
import { log } from '../log';
import type { WebClient } from './types';

export const TIMELINE_CHART_FILENAME = 'investigation-timeline.png';

/** The chart's data for an answer: its CloudTrail searches' hourly activity, merged (undefined: none). */
export function answerActivity(answer: Pick<AgentAnswer, 'toolRuns'>) {
  const a = mergeActivity(answer.toolRuns.flatMap((r) => (r.ok && r.result?.activity ? [r.result.activity] : [])));
  return a?.buckets.length ? a : undefined;
}

export async function postTimelineChart(
  client: WebClient,
  where: { channel: string; threadTs: string },
  answer: Pick<AgentAnswer, 'toolRuns'>,
): Promise<boolean> {
  const activity = answerActivity(answer);
  if (!activity) return false;
  try {
    const chart = await renderChart(activityTimelineSpec(timelineChartInput(activity)));
    await client.files.uploadV2({
      channel_id: where.channel,
      thread_ts: where.threadTs,
      file: chart.png,
      filename: TIMELINE_CHART_FILENAME,
      title: 'Investigation timeline',
      alt_text: `CloudTrail events per hour by ${activity.by === 'sourceIp' ? 'source IP' : 'principal'}, with ${activity.marks.length} tagged event row(s) marked`,
    });
    return true;
  } catch (err) {
    log.warn('could not post the investigation timeline chart', { channel: where.channel, err });
    return false;
  }
}
