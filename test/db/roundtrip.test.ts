/** Database round trips on both backends: embedded PGlite and real PostgreSQL (CI sets TEST_DATABASE_URL). */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client';
import { getAccount, listAccounts, removeAccount, upsertAccount } from '../../src/db/queries/accounts';
import { appendAudit, listAudit } from '../../src/db/queries/audit';
import { appendMessages, conversationFor, loadMessages } from '../../src/db/queries/conversations';
import { installationExternalId } from '../../src/db/queries/settings';
import { recentToolCalls, recordToolCall } from '../../src/db/queries/tool-calls';
import { backends, openTestDb } from '../helpers/db';

describe.each(backends())('database on %s', (backend) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb(backend);
  });
  afterAll(async () => h?.close());

  it('is migrated: every table exists', async () => {
    const rows = await h.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    const names = ((rows as any).rows ?? rows).map((r: any) => r.table_name);
    for (const t of [
      'accounts',
      'audit_events',
      'conversations',
      'findings',
      'messages',
      'proposals',
      'resources',
      'scans',
      'schedules',
      'settings',
      'tool_calls',
    ])
      expect(names).toContain(t);
  });

  it('generates the External ID once and keeps it, even under concurrent first use', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => installationExternalId(h.db)));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await installationExternalId(h.db)).toBe(ids[0]);
  });

  it('stores, updates, lists and removes accounts', async () => {
    const a = {
      name: 'prod',
      accountId: '123456789012',
      roleArn: 'arn:aws:iam::123456789012:role/R',
      regions: ['us-east-1', 'eu-west-1'],
      remediationRoleArn: null,
    };
    await upsertAccount(h.db, a);
    await upsertAccount(h.db, { ...a, regions: ['us-east-1'] });
    await upsertAccount(h.db, { ...a, name: 'dev', accountId: '210987654321', roleArn: null });
    expect((await getAccount(h.db, 'prod'))!.regions).toEqual(['us-east-1']);
    expect((await listAccounts(h.db)).map((x) => x.name)).toEqual(['dev', 'prod']);
    expect(await removeAccount(h.db, 'dev')).toBe(true);
    expect(await removeAccount(h.db, 'dev')).toBe(false);
    expect((await listAccounts(h.db)).map((x) => x.name)).toEqual(['prod']);
  });

  it('keeps a conversation per thread, in order, across concurrent first messages', async () => {
    const ids = await Promise.all(
      [1, 2, 3].map(() => conversationFor(h.db, 'slack:C1:1700000000.000100', { surface: 'slack', userId: 'U1' })),
    );
    expect(new Set(ids).size).toBe(1);
    await appendMessages(h.db, ids[0]!, [
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: [{ type: 'text', text: 'a1' }] },
    ]);
    await appendMessages(h.db, ids[0]!, [{ role: 'user', content: 'q2' }]);
    const msgs = await loadMessages(h.db, ids[0]!);
    expect(msgs).toEqual([
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: [{ type: 'text', text: 'a1' }] },
      { role: 'user', content: 'q2' },
    ]);
    const other = await conversationFor(h.db, 'slack:C1:1700000000.000200', { surface: 'slack' });
    expect(other).not.toBe(ids[0]);
    expect(await loadMessages(h.db, other)).toEqual([]);
  });

  it('records tool calls', async () => {
    await recordToolCall(h.db, {
      tool: 'cloudtrail_search',
      input: { access_key_id: 'AKIA' },
      account: 'prod',
      actor: 'U1',
      durationMs: 12.6,
      apiCalls: 3,
      outcome: 'ok',
    });
    const [c] = await recentToolCalls(h.db, 1);
    expect(c).toMatchObject({
      tool: 'cloudtrail_search',
      account: 'prod',
      durationMs: 13,
      apiCalls: 3,
      outcome: 'ok',
      input: { access_key_id: 'AKIA' },
    });
  });

  it('keeps the audit log append-only at the database', async () => {
    await appendAudit(h.db, {
      actor: 'U1',
      kind: 'proposal.created',
      proposalId: 'p1',
      data: { kind: 'delete_access_key' },
    });
    const [e] = await listAudit(h.db, { proposalId: 'p1' });
    expect(e).toMatchObject({ actor: 'U1', kind: 'proposal.created', data: { kind: 'delete_access_key' } });
    const refused = (e: any) => /append-only \((UPDATE|DELETE) refused\)/.test(`${e?.message} ${e?.cause?.message}`);
    await expect(h.db.execute(sql`update audit_events set actor = 'x'`)).rejects.toSatisfy(refused);
    await expect(h.db.execute(sql`delete from audit_events`)).rejects.toSatisfy(refused);
    expect(await listAudit(h.db, { proposalId: 'p1' })).toHaveLength(1);
  });
});
