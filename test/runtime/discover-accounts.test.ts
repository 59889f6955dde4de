/**
 * `accounts discover` end to end below the CLI: organizations:ListAccounts / ListAccountsForParent
 * replayed at the HTTP level with the JSON 1.1 wire shapes of the Organizations API reference
 * (test/fixtures/wire/organizations), applied to a real (embedded) database.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { OrganizationsReadError } from '../../src/aws/org-accounts';
import type { DbHandle } from '../../src/db/client';
import { listAccounts, removeAccount, upsertAccount } from '../../src/db/queries/accounts';
import { discoverAccounts } from '../../src/runtime/discover-accounts';
import { wire } from '../helpers/fixtures';
import { openTestDb } from '../helpers/db';

const ORG = 'https://organizations.us-east-1.amazonaws.com';
const json = { 'Content-Type': 'application/x-amz-json-1.1' };
const target = (op: string) => (h: string) => h === `AWSOrganizationsV20161128.${op}`;

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb('pglite');
});
afterAll(async () => handle.close());
beforeEach(async () => {
  resetAwsClients();
  for (const a of await listAccounts(handle.db)) await removeAccount(handle.db, a.name);
});
afterEach(() => expect(nock.pendingMocks()).toEqual([]));

function twoPages(bodies: string[] = []) {
  return nock(ORG)
    .post('/', (b) => {
      bodies.push(JSON.stringify(b));
      return !b.NextToken;
    })
    .matchHeader('x-amz-target', target('ListAccounts'))
    .reply(200, wire('organizations/list-accounts-page1.json'), json)
    .post('/', (b) => {
      bodies.push(JSON.stringify(b));
      return b.NextToken === 'AAAAAAHbv1mWb3wHIrEXAMPLETOKENpage2';
    })
    .matchHeader('x-amz-target', target('ListAccounts'))
    .reply(200, wire('organizations/list-accounts-page2.json'), json);
}

describe('accounts discover (organizations:ListAccounts, JSON 1.1 wire)', () => {
  it('follows NextToken, adds every ACTIVE account with the StackSet role and reports the rest', async () => {
    await upsertAccount(handle.db, {
      name: 'payments',
      accountId: '222222222222',
      roleArn: 'arn:aws:iam::222222222222:role/OldRole',
      regions: ['eu-west-1'],
      remediationRoleArn: null,
    });
    await upsertAccount(handle.db, {
      name: 'sandbox',
      accountId: '333333333333',
      roleArn: 'arn:aws:iam::333333333333:role/TrailhoundReadOnly',
      regions: ['us-east-1'],
      remediationRoleArn: null,
    });
    await upsertAccount(handle.db, {
      name: 'elsewhere',
      accountId: '999999999999',
      roleArn: null,
      regions: ['us-east-1'],
      remediationRoleArn: null,
    });
    const bodies: string[] = [];
    twoPages(bodies);
    const r = await discoverAccounts(handle.db, {
      roleName: 'TrailhoundReadOnly',
      regions: ['us-east-1', 'eu-west-1'],
    });
    expect(bodies).toHaveLength(2);
    expect(r.listed).toBe(5);
    expect(r.counts).toEqual({ added: 2, updated: 1, suspended: 1, unchanged: 0, skipped: 1 });
    const byName = Object.fromEntries((await listAccounts(handle.db)).map((a) => [a.name, a]));
    expect(byName.management).toMatchObject({
      accountId: '111111111111',
      roleArn: 'arn:aws:iam::111111111111:role/TrailhoundReadOnly',
      regions: ['us-east-1', 'eu-west-1'],
      status: 'active',
    });
    expect(byName['data-lake']?.roleArn).toBe('arn:aws:iam::444444444444:role/TrailhoundReadOnly');
    // Updated in place: its name, regions kept, role replaced by the StackSet's.
    expect(byName.payments).toMatchObject({
      roleArn: 'arn:aws:iam::222222222222:role/TrailhoundReadOnly',
      regions: ['eu-west-1'],
    });
    // Suspended in the organization: kept (history), marked.
    expect(byName.sandbox?.status).toBe('suspended');
    // CLOSED and never registered: not added.
    expect(Object.values(byName).some((a) => a.accountId === '555555555555')).toBe(false);
    expect(r.changes.find((c) => c.kind === 'skipped')).toMatchObject({ id: '555555555555', why: /CLOSED/ });
    expect(r.notInOrganization.map((a) => a.name)).toEqual(['elsewhere']);
    expect(byName.elsewhere).toBeDefined();
  });

  it('a second run changes nothing; --dry-run saves nothing', async () => {
    twoPages();
    const dry = await discoverAccounts(handle.db, { roleName: 'R', regions: ['us-east-1'], dryRun: true });
    expect(dry.counts.added).toBe(3);
    expect(await listAccounts(handle.db)).toEqual([]);
    twoPages();
    await discoverAccounts(handle.db, { roleName: 'R', regions: ['us-east-1'] });
    twoPages();
    const again = await discoverAccounts(handle.db, { roleName: 'R', regions: ['us-east-1'] });
    expect(again.counts).toMatchObject({ added: 0, updated: 0, suspended: 0, unchanged: 3 });
  });

  it('--ou lists only that OU with ListAccountsForParent', async () => {
    let body: any;
    nock(ORG)
      .post('/', (b) => {
        body = b;
        return true;
      })
      .matchHeader('x-amz-target', target('ListAccountsForParent'))
      .reply(200, wire('organizations/list-accounts-for-parent.json'), json);
    const r = await discoverAccounts(handle.db, { roleName: 'R', regions: ['us-east-1'], ou: 'ou-ab12-cd34ef56' });
    expect(body).toEqual({ ParentId: 'ou-ab12-cd34ef56' });
    expect(r.changes.map((c) => c.kind)).toEqual(['added']);
    expect(r.notInOrganization).toEqual([]);
  });

  it('AccessDenied names the permission and where discover must run', async () => {
    nock(ORG).post('/').reply(400, wire('organizations/access-denied.json'), json);
    const err = await discoverAccounts(handle.db, { roleName: 'R', regions: ['us-east-1'] }).catch((e) => e);
    expect(err).toBeInstanceOf(OrganizationsReadError);
    expect(err.message).toMatch(/organizations:ListAccounts was denied/);
    expect(err.message).toMatch(/management account/);
    expect(err.message).toMatch(/delegated administrator/);
    expect(await listAccounts(handle.db)).toEqual([]);
  });

  it('refuses a malformed OU id before calling AWS', async () => {
    const err = await discoverAccounts(handle.db, { roleName: 'R', regions: ['us-east-1'], ou: "ou-1' OR 1" }).catch(
      (e) => e,
    );
    expect(err.kind).toBe('usage');
  });
});
