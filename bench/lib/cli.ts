/** How benchmarks run the CLI and its peers: whole processes, by absolute path, with their best flags. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const OUT = resolve(ROOT, 'bench/.out');

/** The `trailhound` command line (node by absolute path, the compiled CLI; built first if stale). */
export function trailhound(): string {
  const r = spawnSync(process.execPath, [resolve(ROOT, 'bin/build.mjs')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  return `${process.execPath} ${resolve(ROOT, 'bin/trailhound.mjs')}`;
}

/** Environment for CLI runs: a bench data folder, no keys, quiet logs. */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const dataDir = resolve(OUT, 'data');
  mkdirSync(dataDir, { recursive: true });
  return {
    TRAILHOUND_DATA_DIR: dataDir,
    DATABASE_URL: '',
    ANTHROPIC_API_KEY: '',
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** Installs a Debian package when its binary is missing (jq, awscli); false when that fails. */
export function ensureApt(binary: string, pkg: string): boolean {
  if (existsSync(binary)) return true;
  spawnSync(
    'sh',
    [
      '-c',
      `apt-get install -y ${pkg} >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y ${pkg} >/dev/null 2>&1)`,
    ],
    { stdio: 'ignore' },
  );
  return existsSync(binary);
}

/**
 * AWS CLI v2 by absolute path (Debian's awscli package is v2), with adaptive retries; undefined
 * (and why) when it cannot be had.
 */
export function awsCliV2(): { path?: string; version?: string; why?: string } {
  const path = '/usr/bin/aws';
  if (!ensureApt(path, 'awscli')) return { why: 'AWS CLI v2 is not installed and `apt-get install awscli` failed' };
  const v = spawnSync(path, ['--version'], { encoding: 'utf8' });
  const version = (v.stdout || v.stderr).trim();
  if (!version.startsWith('aws-cli/2.')) return { why: `${path} is ${version}, not AWS CLI v2` };
  return { path, version };
}
