/**
 * CloudTrail trail configuration from an evidence folder: `cloudtrail-config/<region>/`:
 *   describe-trails.json      `aws cloudtrail describe-trails --region R` output ({trailList})
 *   get-trail-status.json     {"trails": {"<name or ARN>": <get-trail-status output>}}
 *   get-event-selectors.json  {"trails": {"<name or ARN>": <get-event-selectors output>}}
 * A bare single `get-trail-status`/`get-event-selectors` output (with TrailARN) is accepted too.
 */
import { join } from 'node:path';
import type { RegionSnapshot, SnapshotWarning, Trail, TrailSelectors, TrailStatus } from '../../posture/regional';
import { missingEvidenceWarning } from './ec2';
import { readJsonIfExists } from './files';

const FILES = {
  trails: { file: 'describe-trails.json', api: 'cloudtrail:DescribeTrails', cli: 'aws cloudtrail describe-trails' },
  trailStatus: {
    file: 'get-trail-status.json',
    api: 'cloudtrail:GetTrailStatus',
    cli: 'aws cloudtrail get-trail-status --name <trail ARN>',
  },
  eventSelectors: {
    file: 'get-event-selectors.json',
    api: 'cloudtrail:GetEventSelectors',
    cli: 'aws cloudtrail get-event-selectors --trail-name <trail ARN>',
  },
} as const;

/** Maps `{trails: {key: value}}` (key = name or ARN) to a record by ARN. */
function byArn<T>(v: unknown, trails: Trail[]): Record<string, T> {
  const out: Record<string, T> = {};
  const o = v as { trails?: Record<string, T>; TrailARN?: string } | undefined;
  if (!o) return out;
  const entries: [string, T][] = o.trails ? Object.entries(o.trails) : o.TrailARN ? [[o.TrailARN, o as T]] : [];
  for (const [key, value] of entries) {
    const t =
      trails.find((x) => x.TrailARN === key || x.Name === key) ??
      trails.find((x) => x.TrailARN === (value as { TrailARN?: string }).TrailARN);
    out[t?.TrailARN ?? key] = value;
  }
  return out;
}

function normaliseStatus(s: Record<string, unknown>): TrailStatus {
  const time = (x: unknown) =>
    typeof x === 'number' ? new Date(x * 1000).toISOString() : typeof x === 'string' && x ? x : undefined;
  return {
    IsLogging: s.IsLogging === true,
    LatestDeliveryError: typeof s.LatestDeliveryError === 'string' ? s.LatestDeliveryError : undefined,
    LatestDeliveryTime: time(s.LatestDeliveryTime),
    StopLoggingTime: time(s.StopLoggingTime),
  };
}

export function loadTrailConfigEvidence(
  dir: string,
  region: string,
): { region: Partial<RegionSnapshot>; warnings: SnapshotWarning[] } {
  const base = join(dir, 'cloudtrail-config', region);
  const warnings: SnapshotWarning[] = [];
  const out: Partial<RegionSnapshot> = {};
  const described = readJsonIfExists(join(base, FILES.trails.file)) as { trailList?: Trail[] } | undefined;
  if (!described) {
    warnings.push(missingEvidenceWarning(dir, region, 'trails', FILES.trails, 'cloudtrail-config'));
    return { region: out, warnings };
  }
  const trails = described.trailList ?? [];
  out.trails = trails;
  const status = readJsonIfExists(join(base, FILES.trailStatus.file));
  if (status === undefined)
    warnings.push(missingEvidenceWarning(dir, region, 'trailStatus', FILES.trailStatus, 'cloudtrail-config'));
  else
    out.trailStatus = Object.fromEntries(
      Object.entries(byArn<Record<string, unknown>>(status, trails)).map(([k, v]) => [k, normaliseStatus(v)]),
    );
  const selectors = readJsonIfExists(join(base, FILES.eventSelectors.file));
  if (selectors === undefined)
    warnings.push(missingEvidenceWarning(dir, region, 'eventSelectors', FILES.eventSelectors, 'cloudtrail-config'));
  else out.eventSelectors = byArn<TrailSelectors>(selectors, trails);
  return { region: out, warnings };
}
