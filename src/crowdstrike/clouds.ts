/**
 * Falcon API base URLs per cloud region (CrowdStrike's "API base URL" list; the console URL of
 * the tenant says which cloud it is in). FALCON_BASE_URL takes a region name or a URL.
 */
export const FALCON_CLOUDS = {
  'US-1': 'https://api.crowdstrike.com',
  'US-2': 'https://api.us-2.crowdstrike.com',
  'EU-1': 'https://api.eu-1.crowdstrike.com',
  'US-GOV-1': 'https://api.laggar.gcw.crowdstrike.com',
} as const;

export type FalconCloud = keyof typeof FALCON_CLOUDS;

import { ToolError } from '../errors';

/** A wrong FALCON_BASE_URL (a ToolError: printed as is). */
export class FalconCloudError extends ToolError {}

/** `US-2`, `us-2`, `eu-1` or an https URL → the API origin (no trailing slash). Default US-1. */
export function falconBaseUrl(value: string | undefined): string {
  const v = (value ?? '').trim();
  if (!v) return FALCON_CLOUDS['US-1'];
  const named = FALCON_CLOUDS[v.toUpperCase() as FalconCloud];
  if (named) return named;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new FalconCloudError(
      `FALCON_BASE_URL "${v.slice(0, 80)}" is neither a cloud region (${Object.keys(FALCON_CLOUDS).join(', ')}) nor a URL.`,
    );
  }
  if (url.protocol !== 'https:' && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')
    throw new FalconCloudError('FALCON_BASE_URL must be an https:// URL (e.g. https://api.us-2.crowdstrike.com).');
  return url.origin;
}
