/**
 * Slack look-ups with a short cache: a user's email (users.info, for the audit log and "what did I
 * do?" questions) and the members of a user group (usergroups.users.list, for the allowlist and
 * the approver group). A failed look-up is not cached, and never grants anything.
 */
import type { WebClient } from './types';
import { log } from '../log';

interface Entry<T> {
  value: T;
  until: number;
}

export interface SlackUser {
  id: string;
  email?: string;
  name?: string;
  isBot: boolean;
  deleted: boolean;
}

export class SlackDirectory {
  private users = new Map<string, Entry<SlackUser>>();
  private groups = new Map<string, Entry<Set<string>>>();
  private inflight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  private cached<T>(map: Map<string, Entry<T>>, kind: string, key: string, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    if (hit && hit.until > this.clock()) return Promise.resolve(hit.value);
    const flightKey = `${kind}:${key}`;
    const pending = this.inflight.get(flightKey);
    if (pending) return pending as Promise<T>;
    const p = load()
      .then((value) => {
        map.set(key, { value, until: this.clock() + this.ttlMs });
        return value;
      })
      .finally(() => this.inflight.delete(flightKey));
    this.inflight.set(flightKey, p);
    return p;
  }

  /** users.info (needs users:read and users:read.email); undefined fields when Slack does not say. */
  async user(client: WebClient, id: string): Promise<SlackUser> {
    try {
      return await this.cached(this.users, 'user', id, async () => {
        const r = await client.users.info({ user: id });
        const u = r.user;
        return {
          id,
          email: u?.profile?.email || undefined,
          name: u?.real_name || u?.name || undefined,
          isBot: !!u?.is_bot,
          deleted: !!u?.deleted,
        };
      });
    } catch (err) {
      log.warn('users.info failed', { user: id, err });
      return { id, isBot: false, deleted: false };
    }
  }

  /** Members of a user group (usergroups.users.list, needs usergroups:read); empty on failure. */
  async groupMembers(client: WebClient, groupId: string): Promise<Set<string>> {
    try {
      return await this.cached(this.groups, 'group', groupId, async () => {
        const r = await client.usergroups.users.list({ usergroup: groupId });
        return new Set(r.users ?? []);
      });
    } catch (err) {
      log.warn('usergroups.users.list failed', { usergroup: groupId, err });
      return new Set();
    }
  }

  /** The given groups the user belongs to. */
  async groupsOf(client: WebClient, userId: string, groupIds: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const g of groupIds) if ((await this.groupMembers(client, g)).has(userId)) out.push(g);
    return out;
  }
}
