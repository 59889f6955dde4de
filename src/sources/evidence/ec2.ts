/**
 * EC2 configuration from an evidence folder: `ec2/<region>/<file>.json`, each the JSON output of
 * the matching `aws ec2 … --region <region>` command:
 *   describe-security-groups.json, describe-instances.json, describe-volumes.json,
 *   describe-vpcs.json, describe-flow-logs.json, get-ebs-encryption-by-default.json.
 * A missing file leaves that part unread, with a warning saying which command produces it.
 */
import { join } from 'node:path';
import type {
  FlowLog,
  Instance,
  RegionSnapshot,
  SecurityGroup,
  SnapshotWarning,
  Volume,
  Vpc,
} from '../../posture/regional';
import { readJsonIfExists } from './files';

export const EC2_EVIDENCE_FILES = {
  securityGroups: {
    file: 'describe-security-groups.json',
    api: 'ec2:DescribeSecurityGroups',
    cli: 'aws ec2 describe-security-groups',
  },
  instances: { file: 'describe-instances.json', api: 'ec2:DescribeInstances', cli: 'aws ec2 describe-instances' },
  volumes: { file: 'describe-volumes.json', api: 'ec2:DescribeVolumes', cli: 'aws ec2 describe-volumes' },
  vpcs: { file: 'describe-vpcs.json', api: 'ec2:DescribeVpcs', cli: 'aws ec2 describe-vpcs' },
  flowLogs: { file: 'describe-flow-logs.json', api: 'ec2:DescribeFlowLogs', cli: 'aws ec2 describe-flow-logs' },
  ebsEncryptionByDefault: {
    file: 'get-ebs-encryption-by-default.json',
    api: 'ec2:GetEbsEncryptionByDefault',
    cli: 'aws ec2 get-ebs-encryption-by-default',
  },
} as const;

type Ec2Part = keyof typeof EC2_EVIDENCE_FILES;

export function missingEvidenceWarning(
  dir: string,
  region: string,
  part: string,
  d: { file: string; api: string; cli: string },
  folder: string,
): SnapshotWarning {
  return {
    api: d.api,
    permission: d.api,
    region,
    parts: [part],
    message: `Evidence has no ${folder}/${region}/${d.file}: ${part} in ${region} was not checked. Collect it with \`${d.cli} --region ${region} > ${join(dir, folder, region, d.file)}\`.`,
  };
}

function pick<T>(v: unknown, key: string): T[] | undefined {
  const o = v as Record<string, unknown> | undefined;
  return Array.isArray(o?.[key]) ? (o![key] as T[]) : undefined;
}

export function loadEc2Evidence(
  dir: string,
  region: string,
): { region: Partial<RegionSnapshot>; warnings: SnapshotWarning[] } {
  const out: Partial<RegionSnapshot> = {};
  const warnings: SnapshotWarning[] = [];
  const base = join(dir, 'ec2', region);
  for (const part of Object.keys(EC2_EVIDENCE_FILES) as Ec2Part[]) {
    const d = EC2_EVIDENCE_FILES[part];
    const v = readJsonIfExists(join(base, d.file));
    if (v === undefined) {
      warnings.push(missingEvidenceWarning(dir, region, part, d, 'ec2'));
      continue;
    }
    switch (part) {
      case 'securityGroups':
        out.securityGroups = pick<SecurityGroup>(v, 'SecurityGroups') ?? [];
        break;
      case 'instances':
        out.instances = (pick<{ Instances?: Instance[] }>(v, 'Reservations') ?? []).flatMap((r) => r.Instances ?? []);
        break;
      case 'volumes':
        out.volumes = pick<Volume>(v, 'Volumes') ?? [];
        break;
      case 'vpcs':
        out.vpcs = pick<Vpc>(v, 'Vpcs') ?? [];
        break;
      case 'flowLogs':
        out.flowLogs = pick<FlowLog>(v, 'FlowLogs') ?? [];
        break;
      case 'ebsEncryptionByDefault':
        out.ebsEncryptionByDefault = (v as { EbsEncryptionByDefault?: boolean }).EbsEncryptionByDefault === true;
        break;
    }
  }
  return { region: out, warnings };
}
