/**
 * Where the project's own files (prompts/, drizzle/, evidence/, data/) are, from any module.
 * The CLI runs from compiled chunks in dist/ as well as from src/ (tests, tsx), at different
 * depths, so a module cannot name those folders by a fixed number of '../'.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding the project's package.json (found once, walking up from this module). */
export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'drizzle'))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('Cannot find the Trailhound installation folder (package.json with drizzle/).');
    dir = up;
  }
}

/** A path inside the project, e.g. projectPath('prompts', 'system.md'). */
export function projectPath(...parts: string[]): string {
  return resolve(projectRoot(), ...parts);
}
