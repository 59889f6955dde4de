/**
 * Falcon alerts and hosts from an evidence folder, in the API's own response shapes:
 *   crowdstrike/alerts.json — the body of POST /alerts/entities/alerts/v2 ({meta, resources, errors})
 *   crowdstrike/hosts.json  — the body of GET /devices/entities/devices/v2 ({meta, resources, errors})
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type FalconSource, findAlerts, findHosts } from '../../crowdstrike/source';
import type { FalconAlert, FalconEnvelope, FalconHost } from '../../crowdstrike/types';
import { EvidenceError, readJsonIfExists } from './files';

export function falconEvidencePaths(dir: string): { alerts: string; hosts: string } {
  return { alerts: join(dir, 'crowdstrike', 'alerts.json'), hosts: join(dir, 'crowdstrike', 'hosts.json') };
}

/** True when the folder has both files (the tool is then offered over this evidence). */
export function hasFalconEvidence(dir: string): boolean {
  const p = falconEvidencePaths(dir);
  return existsSync(p.alerts) && existsSync(p.hosts);
}

function resources<T>(path: string, what: string, keyField: string): T[] {
  const raw = readJsonIfExists(path) as FalconEnvelope<T> | undefined;
  if (raw === undefined) throw new EvidenceError(`${path} is missing.`);
  if (!raw || typeof raw !== 'object' || !Array.isArray(raw.resources))
    throw new EvidenceError(
      `${path} must be the JSON body of ${what}: an object with a "resources" array (and "meta", "errors").`,
    );
  return raw.resources.filter(
    (r): r is T => !!r && typeof r === 'object' && typeof (r as Record<string, unknown>)[keyField] === 'string',
  );
}

export class EvidenceFalconSource implements FalconSource {
  readonly kind = 'evidence';
  readonly where: string;
  private loaded?: { alerts: FalconAlert[]; hosts: FalconHost[] };

  constructor(private readonly dir: string) {
    this.where = join(dir, 'crowdstrike');
  }

  private load() {
    if (!this.loaded) {
      const p = falconEvidencePaths(this.dir);
      this.loaded = {
        alerts: resources<FalconAlert>(p.alerts, 'POST /alerts/entities/alerts/v2', 'composite_id'),
        hosts: resources<FalconHost>(p.hosts, 'GET /devices/entities/devices/v2', 'device_id'),
      };
    }
    return this.loaded;
  }

  calls(): number {
    return 0;
  }

  async alerts(id: string): Promise<FalconAlert[]> {
    return findAlerts(this.load().alerts, id);
  }

  async hosts(q: { deviceIds?: string[]; hostname?: string }): Promise<FalconHost[]> {
    return findHosts(this.load().hosts, q);
  }
}
