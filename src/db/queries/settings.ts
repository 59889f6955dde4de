import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { settings } from '../schema';

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const rows = await db.select().from(settings).where(eq(settings.key, key));
  return rows[0]?.value;
}

/** Returns the stored value, or stores `make()` once (first writer wins, even under races). */
export async function getOrCreateSetting(db: Db, key: string, make: () => string): Promise<string> {
  await db.insert(settings).values({ key, value: make() }).onConflictDoNothing();
  return (await getSetting(db, key))!;
}

/** The installation's External ID: a UUID generated once and kept, used in every trust policy. */
export function installationExternalId(db: Db): Promise<string> {
  return getOrCreateSetting(db, 'external_id', () => randomUUID());
}
