/**
 * The inputs of a posture scan for one account, from the tool context: the shared IAM snapshot
 * source (ctx.sources.iam), the regional configuration (evidence folder or live EC2/CloudTrail)
 * and the identity providers (evidence okta/ and idp/<provider>/users.json, or those configured).
 */
import type { AwsAccount } from '../aws/accounts';
import type { PostureInputs } from '../posture/collect';
import type { ToolContext } from '../runtime/context';
import { evidenceIdp } from './evidence/idp';
import { evidenceRegional } from './evidence/posture';
import { liveIdp } from './live/idp';
import { liveRegional } from './live/posture';

export function postureInputs(ctx: ToolContext, account: AwsAccount): PostureInputs {
  const iam = ctx.sources.iam(account);
  if (ctx.sources.mode === 'evidence') {
    const dir = ctx.sources.evidenceDir!;
    return { iam, regional: evidenceRegional(dir), idp: evidenceIdp(dir, ctx.config.TRAILHOUND_IDP_PRIORITY) };
  }
  if (!ctx.sources.externalId)
    throw new Error('live posture scans need the installation External ID in the source factory');
  return { iam, regional: liveRegional(account, { externalId: ctx.sources.externalId }), idp: liveIdp(ctx.config) };
}
