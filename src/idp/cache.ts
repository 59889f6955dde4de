/**
 * Process-wide cache of user listings per provider and tenant (default 15 minutes): a scan of ten
 * accounts reads each directory once. Failures are not cached.
 */
import type { IdpUser } from '../identity/idp';

const cache = new Map<string, { at: number; users: IdpUser[] }>();

export async function cachedUsers(
  key: string,
  load: () => Promise<IdpUser[]>,
  o: { minutes?: number; now?: () => number } = {},
): Promise<IdpUser[]> {
  const now = o.now?.() ?? Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < (o.minutes ?? 15) * 60_000) return hit.users;
  const users = await load();
  cache.set(key, { at: now, users });
  return users;
}

export function clearIdpCache(): void {
  cache.clear();
}
