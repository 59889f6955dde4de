/**
 * Loads the optional local list of known-bad networks (TRAILHOUND_KNOWN_BAD_IPS_FILE): one IP or
 * CIDR per line, `#` comments. Cached per path and modification time, so editing the file takes
 * effect on the next question without a restart.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type KnownBadList, parseKnownBadList } from '../../cloudtrail/ip-context';

export interface LoadedKnownBad {
  list: KnownBadList;
  /** Lines that were skipped, and why. */
  warnings: string[];
}

const MAX_BYTES = 20 * 1024 * 1024;
const cache = new Map<string, { mtimeMs: number; size: number; value: LoadedKnownBad }>();

export class KnownBadListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KnownBadListError';
  }
}

export function loadKnownBadIps(path: string): LoadedKnownBad {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    throw new KnownBadListError(
      `Known-bad IP list "${path}" (TRAILHOUND_KNOWN_BAD_IPS_FILE) does not exist. Create it (one IP or CIDR per line; see data/known-bad-ips.example.txt) or unset the variable.`,
    );
  }
  if (!st.isFile()) throw new KnownBadListError(`Known-bad IP list "${path}" is not a file.`);
  if (st.size > MAX_BYTES)
    throw new KnownBadListError(
      `Known-bad IP list "${path}" is larger than 20 MB; trim it to networks you care about.`,
    );
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.value;
  const parsed = parseKnownBadList(readFileSync(path, 'utf8'), basename(path));
  const warnings = parsed.errors.map((e) => `${basename(path)} ${e} (skipped)`);
  const value = { list: parsed.list, warnings };
  cache.set(path, { mtimeMs: st.mtimeMs, size: st.size, value });
  return value;
}

/** The file an evidence folder may carry: the networks known bad for the incident it records. */
export const EVIDENCE_KNOWN_BAD_FILE = 'known-bad-ips.txt';

/** The configured list, or none; a broken configuration becomes a warning, not a failed question. */
export function knownBadFromConfig(config: { TRAILHOUND_KNOWN_BAD_IPS_FILE?: string }): {
  list?: KnownBadList;
  warnings: string[];
} {
  const path = config.TRAILHOUND_KNOWN_BAD_IPS_FILE;
  if (!path) return { warnings: [] };
  try {
    const l = loadKnownBadIps(path);
    return { list: l.list, warnings: l.warnings };
  } catch (err) {
    return { warnings: [(err as Error).message] };
  }
}

/**
 * The known-bad networks for questions over an evidence folder: the configured list
 * (TRAILHOUND_KNOWN_BAD_IPS_FILE) and the folder's own `known-bad-ips.txt`, both when both exist.
 * The one source every surface uses (`trailhound demo`, `ask --evidence`, chat, MCP), so the same
 * question over the same folder gets the same answer.
 */
export function knownBadForEvidence(
  config: { TRAILHOUND_KNOWN_BAD_IPS_FILE?: string },
  dir: string,
): { list?: KnownBadList; warnings: string[] } {
  const configured = knownBadFromConfig(config);
  const own = join(dir, EVIDENCE_KNOWN_BAD_FILE);
  if (!existsSync(own)) return configured;
  let folder: LoadedKnownBad;
  try {
    folder = loadKnownBadIps(own);
  } catch (err) {
    return { ...configured, warnings: [...configured.warnings, (err as Error).message] };
  }
  const warnings = [...configured.warnings, ...folder.warnings];
  if (!configured.list) return { list: folder.list, warnings };
  return {
    list: {
      name: `${configured.list.name} + ${folder.list.name}`,
      entries: [...configured.list.entries, ...folder.list.entries],
    },
    warnings,
  };
}
