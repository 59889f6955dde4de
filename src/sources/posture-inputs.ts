/**
 * The inputs of a posture scan for one account, from the tool context: the shared IAM snapshot
 * source (ctx.sources.iam), the regional configuration (evidence folder or live EC2/CloudTrail),
 * the global configuration (S3)
 * and the identity provider (evidence okta/users.json, or Okta from configuration).
 */
import type { AwsAccount } from '../aws/accounts';
import type { PostureInputs } from '../posture/collect';
import type { ToolContext } from '../runtime/context';
import { evidenceIdp } from './evidence/okta';
import { evidenceRegional } from './evidence/posture';
import { evidenceGlobal } from './evidence/s3';
import { liveIdp } from './live/okta';
import { liveRegional } from './live/posture';
import { liveGlobal } from './live/s3';

export function postureInputs(ctx: ToolContext, account: AwsAccount): PostureInputs {
  const iam = ctx.sources.iam(account);
  if (ctx.sources.mode === 'evidence') {
    const dir = ctx.sources.evidenceDir!;
    return { iam, regional: evidenceRegional(dir), global: evidenceGlobal(dir), idp: evidenceIdp(dir) };
  }
  if (!ctx.sources.externalId)
    throw new Error('live posture scans need the installation External ID in the source factory');
  const session = { externalId: ctx.sources.externalId };
  return {
    iam,
    regional: liveRegional(account, session),
    global: liveGlobal(account, session),
    idp: liveIdp(ctx.config),
  };
}
