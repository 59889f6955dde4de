/**
 * Approver identities: one configured person with every surface id they use, so that the rules
 * "not the requester" and "two distinct approvers" compare people, not surfaces.
 *
 *   TRAILHOUND_APPROVERS="alice=slack:U0123,cli:alice; bob=slack:U0456,cli:bob"
 *   TRAILHOUND_APPROVERS_FILE=/etc/trailhound/approvers   (same syntax; one person per line, # comments)
 *
 * The old per-surface lists (TRAILHOUND_APPROVERS_SLACK, TRAILHOUND_APPROVERS_CLI) still work: each
 * entry not mapped to a person above becomes a person of its own (so a Slack id and a CLI name listed
 * there are two people — which is why they are deprecated).
 */
import { readFileSync } from 'node:fs';

export interface Person {
  name: string;
  /** Slack user ids (U…/W…). */
  slack: string[];
  /** CLI logins: operating-system account names. */
  cli: string[];
}

const NAME = /^[A-Za-z0-9._@+-]{1,64}$/;
const SLACK_ID = /^[UW][A-Z0-9]{2,20}$/;
const LOGIN = /^[A-Za-z0-9._@$-]{1,64}$/;

export class IdentityConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentityConfigError';
  }
}

/** Parses the identity syntax; throws IdentityConfigError naming the bad entry and the expected form. */
export function parseIdentities(text: string, source = 'TRAILHOUND_APPROVERS'): Person[] {
  const people: Person[] = [];
  const seen = new Map<string, string>();
  const entries = text
    .split(/[;\n]/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
  const form = 'expected NAME=slack:U0123,cli:login (people separated by ";" or new lines)';
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq < 1) throw new IdentityConfigError(`${source}: "${entry}" has no person name; ${form}.`);
    const name = entry.slice(0, eq).trim();
    if (!NAME.test(name)) throw new IdentityConfigError(`${source}: "${name}" is not a valid person name; ${form}.`);
    if (people.some((p) => p.name.toLowerCase() === name.toLowerCase()))
      throw new IdentityConfigError(`${source}: person "${name}" is listed twice; list every id on one entry.`);
    const person: Person = { name, slack: [], cli: [] };
    for (const raw of entry
      .slice(eq + 1)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = /^(slack|cli):(.+)$/.exec(raw);
      if (!m) throw new IdentityConfigError(`${source}: "${raw}" (person ${name}) is not slack:ID or cli:LOGIN.`);
      const [, surface, id] = m as unknown as [string, 'slack' | 'cli', string];
      if (surface === 'slack' && !SLACK_ID.test(id))
        throw new IdentityConfigError(`${source}: "${id}" (person ${name}) is not a Slack user id (U… or W…).`);
      if (surface === 'cli' && !LOGIN.test(id))
        throw new IdentityConfigError(`${source}: "${id}" (person ${name}) is not an operating-system login.`);
      const key = `${surface}:${surface === 'cli' ? id.toLowerCase() : id}`;
      const other = seen.get(key);
      if (other && other !== name)
        throw new IdentityConfigError(`${source}: ${key} belongs to both ${other} and ${name}; an id is one person.`);
      seen.set(key, name);
      person[surface].push(id);
    }
    if (!person.slack.length && !person.cli.length)
      throw new IdentityConfigError(`${source}: person ${name} has no slack: or cli: id; ${form}.`);
    people.push(person);
  }
  return people;
}

export interface IdentitySources {
  TRAILHOUND_APPROVERS?: string;
  TRAILHOUND_APPROVERS_FILE?: string;
  TRAILHOUND_APPROVERS_SLACK: string[];
  TRAILHOUND_APPROVERS_CLI: string[];
}

export interface Identities {
  people: Person[];
  /** Notes for the operator (deprecated variables in use). */
  notes: string[];
}

/** Every configured person: the identity variable, the file, then the deprecated per-surface lists. */
export function loadIdentities(c: IdentitySources): Identities {
  const notes: string[] = [];
  let people: Person[] = [];
  if (c.TRAILHOUND_APPROVERS?.trim()) people = parseIdentities(c.TRAILHOUND_APPROVERS);
  if (c.TRAILHOUND_APPROVERS_FILE?.trim()) {
    let text: string;
    try {
      text = readFileSync(c.TRAILHOUND_APPROVERS_FILE, 'utf8');
    } catch (err) {
      throw new IdentityConfigError(
        `TRAILHOUND_APPROVERS_FILE: cannot read ${c.TRAILHOUND_APPROVERS_FILE} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`,
      );
    }
    people = mergeDistinct(people, parseIdentities(text, c.TRAILHOUND_APPROVERS_FILE));
  }
  const mapped = (surface: 'slack' | 'cli', id: string) =>
    people.some((p) => p[surface].some((x) => (surface === 'cli' ? x.toLowerCase() === id.toLowerCase() : x === id)));
  const legacy: Person[] = [];
  for (const id of c.TRAILHOUND_APPROVERS_SLACK)
    if (!mapped('slack', id)) legacy.push({ name: `slack:${id}`, slack: [id], cli: [] });
  for (const id of c.TRAILHOUND_APPROVERS_CLI)
    if (!mapped('cli', id)) legacy.push({ name: `cli:${id}`, slack: [], cli: [id] });
  if (legacy.length)
    notes.push(
      'TRAILHOUND_APPROVERS_SLACK / TRAILHOUND_APPROVERS_CLI are deprecated: each id there counts as a separate person, so one human listed in both counts as two approvers. Move them to TRAILHOUND_APPROVERS="name=slack:U…,cli:login; …".',
    );
  return { people: [...people, ...legacy], notes };
}

function mergeDistinct(a: Person[], b: Person[]): Person[] {
  for (const p of b)
    if (a.some((x) => x.name.toLowerCase() === p.name.toLowerCase()))
      throw new IdentityConfigError(
        `Person "${p.name}" is in both TRAILHOUND_APPROVERS and TRAILHOUND_APPROVERS_FILE; keep one.`,
      );
  return [...a, ...b];
}

/**
 * The person behind a surface key (`slack:U…` or `cli:login`): the configured person's name, or the
 * key itself for someone not configured (e.g. a Slack user-group member with no identity entry).
 */
export function personOf(people: Person[], key: string): string {
  const m = /^(slack|cli):(.+)$/.exec(key.trim());
  if (!m) return key.trim().toLowerCase();
  const surface = m[1] as 'slack' | 'cli';
  const id = m[2]!;
  const p = people.find((x) =>
    x[surface].some((y) => (surface === 'cli' ? y.toLowerCase() === id.toLowerCase() : y === id)),
  );
  return p ? `person:${p.name}` : `${surface}:${surface === 'cli' ? id.toLowerCase() : id}`;
}
