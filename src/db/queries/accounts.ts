import { asc, eq } from 'drizzle-orm';
import type { AwsAccount } from '../../aws/accounts';
import type { Db } from '../client';
import { accounts } from '../schema';

type Row = typeof accounts.$inferSelect;
const toAccount = (r: Row): AwsAccount => ({
  name: r.name,
  accountId: r.accountId,
  roleArn: r.roleArn,
  regions: r.regions,
  remediationRoleArn: r.remediationRoleArn,
  status: r.status,
});

export async function listAccounts(db: Db): Promise<AwsAccount[]> {
  return (await db.select().from(accounts).orderBy(asc(accounts.name))).map(toAccount);
}

export async function getAccount(db: Db, name: string): Promise<AwsAccount | undefined> {
  const rows = await db.select().from(accounts).where(eq(accounts.name, name));
  return rows[0] && toAccount(rows[0]);
}

/** Adds or replaces an account by name. */
export async function upsertAccount(db: Db, a: AwsAccount): Promise<void> {
  await db
    .insert(accounts)
    .values({ ...a, status: a.status ?? 'active' })
    .onConflictDoUpdate({
      target: accounts.name,
      set: {
        accountId: a.accountId,
        roleArn: a.roleArn,
        regions: a.regions,
        remediationRoleArn: a.remediationRoleArn,
        status: a.status ?? 'active',
      },
    });
}

export async function removeAccount(db: Db, name: string): Promise<boolean> {
  const rows = await db.delete(accounts).where(eq(accounts.name, name)).returning({ name: accounts.name });
  return rows.length > 0;
}
