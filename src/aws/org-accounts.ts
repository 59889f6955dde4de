/**
 * Reads the accounts of an AWS Organization: organizations:ListAccounts (the whole organization) or
 * ListAccountsForParent (one OU, direct children), every page (NextToken until absent — AWS may
 * return an empty page with a token). Callable only from the management account or a delegated
 * administrator; a denial says so.
 */
import { ListAccountsCommand, ListAccountsForParentCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsAccount } from './accounts';
import type { OrgAccount } from './account-sync';
import { awsClient } from './clients';
import { explainAwsError } from './errors';

export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
export const ROOT_ID = /^r-[0-9a-z]{4,32}$/;

export class OrganizationsReadError extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
    this.name = 'OrganizationsReadError';
  }
}

/** The credentials used when no configured account is named: the ambient chain. */
export const AMBIENT: AwsAccount = {
  name: 'ambient',
  accountId: '000000000000',
  roleArn: null,
  regions: ['us-east-1'],
  remediationRoleArn: null,
};

export async function listOrganizationAccounts(opts: {
  /** Whose credentials: a configured account (its read role) or AMBIENT. */
  via: AwsAccount;
  externalId: string;
  /** ou-… or r-…: only the accounts directly under it. */
  parentId?: string;
}): Promise<OrgAccount[]> {
  if (opts.parentId && !OU_ID.test(opts.parentId) && !ROOT_ID.test(opts.parentId))
    throw new OrganizationsReadError(
      `"${opts.parentId}" is not an OU or root id: expected ou-xxxx-xxxxxxxx or r-xxxx.`,
      'usage',
    );
  // Organizations is a global service whose endpoint lives in us-east-1 (aws partition).
  const client = awsClient(OrganizationsClient, opts.via, 'us-east-1', { externalId: opts.externalId });
  const api = opts.parentId ? 'organizations:ListAccountsForParent' : 'organizations:ListAccounts';
  const out: OrgAccount[] = [];
  let token: string | undefined;
  let pages = 0;
  try {
    do {
      const page = opts.parentId
        ? await client.send(new ListAccountsForParentCommand({ ParentId: opts.parentId, NextToken: token }))
        : await client.send(new ListAccountsCommand({ NextToken: token }));
      for (const a of page.Accounts ?? [])
        if (a.Id) out.push({ id: a.Id, name: a.Name ?? a.Id, state: String(a.State ?? a.Status ?? 'UNKNOWN') });
      token = page.NextToken || undefined;
      if (++pages > 10_000) throw new Error('more than 10,000 pages: NextToken never ended');
    } while (token);
  } catch (err) {
    const e = explainAwsError(err, {
      api,
      account: opts.via.name === 'ambient' ? undefined : opts.via.name,
      roleArn: opts.via.roleArn,
    });
    const code = (err as { name?: string }).name ?? '';
    if (e.kind === 'access-denied' || code === 'AWSOrganizationsNotInUseException')
      throw new OrganizationsReadError(
        code === 'AWSOrganizationsNotInUseException'
          ? `${api}: these credentials' account is not a member of an organization (AWSOrganizationsNotInUseException). Run discover with credentials of the organization's management account or a delegated administrator.`
          : `${api} was denied: it must run in the organization's management account or in a member account that is a delegated administrator for AWS Organizations, as an identity allowed ${api}. Use that account's ambient credentials, or --via NAME for a configured account that is one. AWS said: ${(err as Error).message}`,
        'access-denied',
      );
    if (code === 'ParentNotFoundException')
      throw new OrganizationsReadError(
        `${opts.parentId} was not found in the organization (ParentNotFoundException).`,
        'not-found',
      );
    throw new OrganizationsReadError(e.message, e.kind);
  }
  return out;
}
