/**
 * The Falcon source for a tool context: the evidence folder's crowdstrike/ files in evidence mode,
 * the live API when FALCON_CLIENT_ID and FALCON_CLIENT_SECRET are set, else none (the
 * crowdstrike_correlate tool is then not offered). One live client per process and credentials,
 * so its token is reused across questions.
 */
import type { Config } from '../config';
import { FalconClient } from '../falcon/client';
import { falconBaseUrl } from '../crowdstrike/clouds';
import type { FalconSource } from '../crowdstrike/source';
import { LiveFalconSource } from '../falcon/live-source';
import { EvidenceFalconSource, hasFalconEvidence } from './evidence/crowdstrike';

type FalconConfig = Pick<Config, 'FALCON_CLIENT_ID' | 'FALCON_CLIENT_SECRET' | 'FALCON_BASE_URL' | 'FALCON_MEMBER_CID'>;

export function falconConfigured(config: FalconConfig): boolean {
  return !!(config.FALCON_CLIENT_ID && config.FALCON_CLIENT_SECRET);
}

/** Whether the tool can run here: evidence with crowdstrike/ files, or live with credentials. */
export function falconAvailable(env: { config: FalconConfig; evidenceDir?: string }): boolean {
  return env.evidenceDir ? hasFalconEvidence(env.evidenceDir) : falconConfigured(env.config);
}

const clients = new Map<string, FalconClient>();

export function falconSource(env: { config: FalconConfig; evidenceDir?: string }): FalconSource | undefined {
  if (env.evidenceDir)
    return hasFalconEvidence(env.evidenceDir) ? new EvidenceFalconSource(env.evidenceDir) : undefined;
  const c = env.config;
  if (!c.FALCON_CLIENT_ID || !c.FALCON_CLIENT_SECRET) return undefined;
  const baseUrl = falconBaseUrl(c.FALCON_BASE_URL);
  const key = `${baseUrl}|${c.FALCON_CLIENT_ID}|${c.FALCON_MEMBER_CID ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    client = new FalconClient({
      baseUrl,
      clientId: c.FALCON_CLIENT_ID,
      clientSecret: c.FALCON_CLIENT_SECRET,
      memberCid: c.FALCON_MEMBER_CID,
    });
    clients.set(key, client);
  }
  return new LiveFalconSource(client);
}

/** For tests: forget cached clients (and their tokens). */
export function clearFalconClients(): void {
  clients.clear();
}
