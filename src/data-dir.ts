/**
 * The per-user data folder (XDG Base Directory): `$XDG_DATA_HOME/trailhound`, else
 * `~/.local/share/trailhound`. Never relative to the working directory: an MCP client started from
 * `/`, or a command run from another folder, must find the same findings history. Kept apart from
 * config.ts so `--help` can print it without loading zod.
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME?.trim();
  if (xdg && isAbsolute(xdg)) return join(xdg, 'trailhound');
  return join(env.HOME?.trim() || homedir(), '.local', 'share', 'trailhound');
}
