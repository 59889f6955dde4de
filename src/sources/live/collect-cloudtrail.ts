/**
 * The CloudTrail part of `trailhound collect`: LookupEvents records streamed into gzip files of
 * `{"Events":[…]}` (the `aws cloudtrail lookup-events` output shape), rotated every N events, with
 * back-pressure (bounded memory, any number of events).
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import type { AwsAccount } from '../../aws/accounts';
import type { CloudTrailRecord } from '../../cloudtrail/record';
import { AwsReadError } from '../../aws/errors';
import type { RegionProgress } from '../../cloudtrail/collect-progress';
import type { TrailSource } from '../../cloudtrail/source';

export interface RegionCollect {
  region: string;
  events: number;
  files: string[];
  error?: string;
  /** Set when maxEventsPerRegion stopped the export early. */
  truncated?: boolean;
}

export interface CloudTrailCollectOptions {
  account: AwsAccount;
  out: string;
  start: Date;
  end: Date;
  trail: TrailSource;
  eventsPerFile?: number;
  maxEventsPerRegion?: number;
  progress?: (m: string) => void;
  /** Per-region progress after each page and at the end (share of the window, pages, throttles). */
  onRegionProgress?: (p: RegionProgress) => void;
  signal?: AbortSignal;
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/(\d{8}T\d{4})\d{2}Z/, '$1Z');

/** The LookupEvents `Event` for a record, as `aws cloudtrail lookup-events` prints it. */
export function lookupEventOf(r: CloudTrailRecord): Record<string, unknown> {
  const id = r.userIdentity ?? {};
  const session = id.type === 'AssumedRole' ? id.arn?.split('/').slice(2).join('/') : undefined;
  const username = id.userName ?? session ?? (id.type === 'Root' ? 'root' : undefined);
  return {
    EventId: r.eventID,
    EventName: r.eventName,
    ReadOnly: String(r.readOnly ?? false),
    ...(id.accessKeyId ? { AccessKeyId: id.accessKeyId } : {}),
    EventTime: Date.parse(r.eventTime) / 1000,
    EventSource: r.eventSource,
    ...(username ? { Username: username } : {}),
    Resources: (r.resources ?? []).map((x) => ({ ResourceType: x.type, ResourceName: x.ARN })),
    CloudTrailEvent: JSON.stringify(r),
  };
}

/** Streams events into gzip files of `{"Events":[…]}`, rotating every `perFile` events. */
class LookupEventsWriter {
  private gz?: ReturnType<typeof createGzip>;
  private done?: Promise<unknown>;
  private inFile = 0;
  private part = 0;
  readonly files: string[] = [];
  count = 0;

  constructor(
    private readonly dir: string,
    private readonly base: string,
    private readonly perFile: number,
  ) {}

  private async open(): Promise<void> {
    this.part++;
    const name = `${this.base}${this.part > 1 ? `-${this.part}` : ''}.json.gz`;
    const path = join(this.dir, name);
    const gz = createGzip();
    const file = createWriteStream(path);
    gz.pipe(file);
    this.done = once(file, 'close');
    this.gz = gz;
    this.inFile = 0;
    this.files.push(name);
    await this.write('{"Events":[\n');
  }

  private async write(s: string): Promise<void> {
    if (!this.gz!.write(s)) await once(this.gz!, 'drain');
  }

  async add(r: CloudTrailRecord): Promise<void> {
    if (!this.gz || this.inFile >= this.perFile) {
      await this.close();
      await this.open();
    }
    await this.write(`${this.inFile ? ',\n' : ''}${JSON.stringify(lookupEventOf(r))}`);
    this.inFile++;
    this.count++;
  }

  async close(): Promise<void> {
    if (!this.gz) return;
    await this.write('\n]}\n');
    this.gz.end();
    await this.done;
    this.gz = undefined;
  }

  /** An empty region still gets one file, so "no events" is recorded rather than "not collected". */
  async finish(): Promise<void> {
    if (!this.gz && this.files.length === 0) await this.open();
    await this.close();
  }
}

function stopReason(signal: AbortSignal): string {
  const r = signal.reason as { name?: string; message?: string } | undefined;
  return r?.name === 'TimeoutError' ? 'time limit reached' : (r?.message ?? 'cancelled');
}

export async function collectRegion(o: CloudTrailCollectOptions, region: string): Promise<RegionCollect> {
  const dir = join(o.out, 'cloudtrail', o.account.accountId, region);
  mkdirSync(dir, { recursive: true });
  const w = new LookupEventsWriter(dir, `lookup-events-${stamp(o.start)}-${stamp(o.end)}`, o.eventsPerFile ?? 50_000);
  const startedAt = Date.now();
  let oldest: number | undefined;
  let pages = 0;
  let throttles = 0;
  const report = (end: Partial<RegionProgress> = {}) =>
    o.onRegionProgress?.({
      account: o.account.name,
      region,
      events: w.count,
      pages,
      throttles,
      ...(oldest !== undefined ? { oldest: new Date(oldest).toISOString() } : {}),
      window: { start: o.start.toISOString(), end: o.end.toISOString() },
      startedAt,
      ...end,
    });
  const onPage = (p: { pages: number; throttles?: number }) => {
    pages = p.pages;
    throttles = p.throttles ?? throttles;
    report();
  };
  try {
    let truncated = false;
    for await (const r of o.trail.events(region, { start: o.start, end: o.end }, { signal: o.signal, onPage })) {
      await w.add(r);
      const t = Date.parse(r.eventTime);
      if (Number.isFinite(t) && (oldest === undefined || t < oldest)) oldest = t;
      if (w.count % 5000 === 0 && !o.onRegionProgress)
        o.progress?.(`${o.account.name} ${region}: ${w.count.toLocaleString('en-US')} events written`);
      if (o.maxEventsPerRegion && w.count >= o.maxEventsPerRegion) {
        truncated = true;
        break;
      }
    }
    if (o.signal?.aborted) {
      // Stopped (time limit, Ctrl-C): the rest of the window was not read, and the folder must say so.
      const error = `stopped before the start of the window was reached (${stopReason(o.signal)})`;
      await w.finish();
      report({ error });
      return { region, events: w.count, files: w.files, error };
    }
    await w.finish();
    report({ done: true, ...(truncated ? { truncated } : {}) });
    return { region, events: w.count, files: w.files, ...(truncated ? { truncated } : {}) };
  } catch (err) {
    await w.finish();
    report({ error: (err as Error).message });
    if (err instanceof AwsReadError) return { region, events: w.count, files: w.files, error: err.message };
    throw err;
  }
}
