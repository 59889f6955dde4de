/**
 * The least-privilege database setup from docs/remediation.md on real PostgreSQL: an owner role
 * migrates; the app role opens the (up-to-date) database without CREATE rights, appends audit rows,
 * and cannot TRUNCATE, UPDATE or DELETE them, nor disable the triggers. Skipped without TEST_DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appendAudit, listAudit } from '../../src/db/queries/audit';
import { openDbForFile, postgresUrl } from '../helpers/db';

const base = postgresUrl();

describe.skipIf(!base)('least-privilege app role (postgres)', () => {
  it('attack: the app role cannot empty, edit or unchain the audit log', async () => {
    const { default: postgres } = await import('postgres');
    const name = `th_lp_${randomBytes(4).toString('hex')}`;
    const role = `th_app_${randomBytes(3).toString('hex')}`;
    const admin = postgres(base!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    await admin.unsafe(`CREATE ROLE ${role} LOGIN`);
    const url = (user: string) => {
      const u = new URL(base!);
      u.pathname = `/${name}`;
      u.username = user;
      return u.toString();
    };
    try {
      await (await openDbForFile({ url: url(new URL(base!).username || 'postgres') })).close();
      const owner = postgres(url(new URL(base!).username || 'postgres'), { max: 1, onnotice: () => {} });
      await owner.unsafe(`
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
        GRANT USAGE ON SCHEMA public, drizzle TO ${role};
        GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${role};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
        REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${role};
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${role};`);
      await owner.end();

      const app = await openDbForFile({ url: url(role) });
      try {
        await appendAudit(app.db, { actor: 'cli:alice', kind: 'proposal.created' });
        expect(await listAudit(app.db)).toHaveLength(1);
        const refused = (q: ReturnType<typeof sql>) =>
          app.db.execute(q).then(
            () => 'accepted',
            (e) => String((e as { cause?: Error }).cause?.message ?? (e as Error).message),
          );
        expect(await refused(sql`TRUNCATE audit_events`)).toMatch(/permission denied/);
        expect(await refused(sql`ALTER TABLE audit_events DISABLE TRIGGER USER`)).toMatch(/must be owner/);
        expect(await refused(sql`UPDATE audit_events SET actor = 'x'`)).toMatch(/permission denied/);
        expect(await refused(sql`DELETE FROM audit_events`)).toMatch(/permission denied/);
      } finally {
        await app.close();
      }
    } finally {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.unsafe(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });
});
