/**
 * The AWS Organizations part of `trailhound collect`: the SCPs/RCPs the live IAM snapshot read,
 * written back as organizations/policies.json — the shape normaliseOrganizationPolicies reads
 * (src/iam/organizations.ts), so the evidence folder applies exactly what the live answer applied.
 */
import type { OrganizationPolicies, OrgPolicy } from '../../iam/organizations';

export function organizationPoliciesFileOf(org: OrganizationPolicies): Record<string, unknown> {
  const policies: Record<string, { PolicySummary: Record<string, unknown>; Content?: string }> = {};
  const summary = (p: OrgPolicy, type: string) => {
    policies[p.id] ??= {
      PolicySummary: { Id: p.id, Arn: p.arn, Name: p.name, Type: type, AwsManaged: p.awsManaged },
      ...(p.document ? { Content: JSON.stringify(p.document) } : {}),
    };
    return policies[p.id]!.PolicySummary;
  };
  return {
    ...(org.managementAccountId ? { ManagementAccountId: org.managementAccountId } : {}),
    Targets: org.targets.map((t) => ({
      TargetId: t.id,
      Type: t.type,
      ...(t.scps ? { ServiceControlPolicies: t.scps.map((p) => summary(p, 'SERVICE_CONTROL_POLICY')) } : {}),
      ...(t.rcps ? { ResourceControlPolicies: t.rcps.map((p) => summary(p, 'RESOURCE_CONTROL_POLICY')) } : {}),
    })),
    Policies: policies,
    Notes: org.notes,
    Source: org.source,
  };
}
