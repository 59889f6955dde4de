/** Loads the bundled demo evidence and the S3-delivery wire fixture as normalised events (tests). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CloudTrailRecord, normalise, type TrailEvent } from '../../../src/cloudtrail/record';
import { trailRecords } from '../../../src/sources/evidence/trail-records';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEMO_DIR = join(HERE, '../../../evidence/demo');

export async function demoEvents(): Promise<TrailEvent[]> {
  const out: TrailEvent[] = [];
  for await (const r of trailRecords(join(DEMO_DIR, 'cloudtrail'))) out.push(normalise(r));
  return out;
}

export function s3DeliveryEvents(): TrailEvent[] {
  const doc = JSON.parse(
    readFileSync(join(HERE, '../../fixtures/wire/cloudtrail/records-s3-delivery.json'), 'utf8'),
  ) as {
    Records: CloudTrailRecord[];
  };
  return doc.Records.map(normalise);
}

export function byName(events: TrailEvent[], name: string): TrailEvent {
  const e = events.find((x) => x.eventName === name);
  if (!e) throw new Error(`no ${name} in the events`);
  return e;
}

/** A copy of an event with its record changed (re-normalised). */
export function withRecord(e: TrailEvent, patch: Partial<CloudTrailRecord>): TrailEvent {
  return normalise({ ...structuredClone(e.record), ...patch });
}
