/** Posts a digest's trend chart into its channel (files.uploadV2); a failure is logged, never fatal. */
import type { WebClient } from './types';
import { DIGEST_CHART_FILENAME, digestChart } from '../scheduler/digest-chart';
import type { Digest } from '../scheduler/digest';
import { log } from '../log';

export async function postDigestChart(client: WebClient, channel: string, digest: Digest): Promise<boolean> {
  try {
    const chart = await digestChart(digest);
    if (!chart) return false;
    await client.files.uploadV2({
      channel_id: channel,
      file: chart.png,
      filename: DIGEST_CHART_FILENAME,
      title: 'Posture trend',
      alt_text: 'Open findings by severity over the last scans, and findings opened and resolved per scan',
    });
    return true;
  } catch (err) {
    log.warn('could not post the digest trend chart', { channel, err });
    return false;
  }
}
