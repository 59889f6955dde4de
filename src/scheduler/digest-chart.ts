/** The digest's trend chart: open findings by severity over the last scans, rendered to PNG. */
import { postureTrendSpec } from '../charts/posture-trend';
import { type RenderedChart, renderChart } from '../charts/render';
import type { Digest } from './digest';

export const DIGEST_CHART_FILENAME = 'posture-trend.png';

/** Undefined when there is no history to draw (the first scan of a failed schedule). */
export async function digestChart(d: Digest): Promise<RenderedChart | undefined> {
  if (!d.trend?.length) return undefined;
  return renderChart(postureTrendSpec(d.trend, `Posture trend — ${d.title.replace(/^Posture digest /, '')}`));
}
