/**
 * Reads every CloudTrail record under an evidence folder's cloudtrail/ (any depth), each file
 * exactly once, in bounded memory, and accounts for every entry it does not yield. Accepted shapes:
 *   - S3 delivery files `{"Records":[…]}`
 *   - a bare JSON array of records
 *   - JSON lines, one record (or one LookupEvents event) per line
 *   - `aws cloudtrail lookup-events` output `{"Events":[{…,"CloudTrailEvent":"<json>"}]}`
 *
 * An entry that is not a usable record is skipped and counted by reason (with a few named
 * examples: file, element or line number, event id when it has one) — never dropped silently and
 * never fatal: a record nested thousands of levels deep would overflow the stack of whatever
 * serialises it later, so it is skipped here. A record without `awsRegion` is kept (it is
 * searched under the region its path names, else "(unknown)") and counted.
 */
import { isAscii } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { type CloudTrailRecord, isRecord } from '../../cloudtrail/record';
import { fileHints, openText, TRAIL_FILE, walk } from './files';
import { type ElementInfo, jsonArrayElements, Splitter } from './json-records';

/** Deeper records are skipped: real CloudTrail records nest a few dozen levels at most. */
export const MAX_RECORD_DEPTH = 128;

export const UNKNOWN_REGION = '(unknown)';

export const SKIP_REASONS = {
  'invalid-json': 'not valid JSON',
  'not-an-object': 'not a JSON object',
  'not-a-record': 'missing eventName, eventSource or eventTime',
  'bad-event-time': 'eventTime is not a date',
  'too-deep': `nested more than ${MAX_RECORD_DEPTH} levels deep`,
  'bad-embedded-event': 'CloudTrailEvent is not a valid JSON record',
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

const MAX_EXAMPLES = 3;
const MAX_UNREADABLE = 50;

export interface TrailReadStats {
  /** Files opened. */
  files: number;
  /** Entries read (record-array elements or lines), including those a pre-filter skipped unparsed. */
  records: number;
  /** Files skipped from their path alone (a region not asked for, delivered before the window). */
  skippedFiles: number;
  /** Entries that are not usable records, by reason, with a few named examples each. */
  skipped: Partial<Record<SkipReason, { count: number; examples: string[] }>>;
  /** Records without awsRegion (searched under their path's region, else "(unknown)"). */
  noRegion: number;
  /** Files that could not be read to the end (not gzip, truncated, too large…). */
  unreadable: string[];
}

export function newTrailReadStats(): TrailReadStats {
  return { files: 0, records: 0, skippedFiles: 0, skipped: {}, noRegion: 0, unreadable: [] };
}

/** Entries skipped, all reasons together. */
export function skippedTotal(stats: TrailReadStats): number {
  return Object.values(stats.skipped).reduce((s, x) => s + (x?.count ?? 0), 0);
}

export interface TrailReadOptions {
  /** Skip a file from its path alone (region or delivery time outside the query). */
  skipFile?: (path: string) => boolean;
  /**
   * Text every wanted record contains literally (e.g. the access key id being searched): other
   * elements are skipped without JSON.parse. Elements with \u escapes are always parsed.
   */
  mustContain?: string;
  /**
   * A necessary condition on an element's text for it to hold a wanted record (e.g. its
   * sourceIPAddress could match a CIDR): others are skipped unparsed. Elements with \\u escapes
   * are always parsed.
   */
  mayMatch?: (text: string) => boolean;
  /**
   * `mayMatch` over a whole file's text: the positions where a wanted record may be, in increasing
   * order (an element holding none is skipped unparsed). Files read whole use it instead of
   * `mayMatch`, so the condition is checked once per file rather than once per element.
   */
  mayMatchAt?: (text: string) => number[];
}

function noteSkip(stats: TrailReadStats | undefined, reason: SkipReason, where: string, text?: string): void {
  if (!stats) return;
  const s = (stats.skipped[reason] ??= { count: 0, examples: [] });
  s.count += 1;
  if (s.examples.length < MAX_EXAMPLES) {
    const id = text ? /"eventID"\s*:\s*"([A-Za-z0-9-]{1,64})"/.exec(text.slice(0, 200_000))?.[1] : undefined;
    s.examples.push(id ? `${where} (eventID ${id})` : where);
  }
}

function noteUnreadable(stats: TrailReadStats | undefined, msg: string): void {
  if (!stats) return;
  if (stats.unreadable.length < MAX_UNREADABLE) stats.unreadable.push(msg);
  else if (stats.unreadable.length === MAX_UNREADABLE) stats.unreadable.push('… more unreadable files not listed');
}

/**
 * Whether `text` nests deeper than `limit`. Cheap for ordinary records: the number of `{` and `[`
 * (found with native indexOf) bounds the depth, so only texts with more than `limit` of them are
 * scanned structurally.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let opens = 0;
  for (const ch of ['{', '[']) {
    let i = text.indexOf(ch);
    while (i !== -1 && opens <= limit) {
      opens += 1;
      i = text.indexOf(ch, i + 1);
    }
  }
  if (opens <= limit) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // skip the string
      for (i += 1; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 1;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 125 || c === 93) depth -= 1;
  }
  return false;
}

/** Checks one parsed entry; yields the usable records in it (a LookupEvents wrapper has one). */
function* recordsOf(
  value: unknown,
  where: string,
  text: string,
  region: string | undefined,
  stats: TrailReadStats | undefined,
): Generator<CloudTrailRecord> {
  if (Array.isArray(value) && text) {
    // A bare array of records on one JSON line.
    let n = 0;
    for (const v of value) {
      n += 1;
      yield* recordsOf(v, `${where} element ${n}`, '', region, stats);
    }
    return;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    noteSkip(stats, 'not-an-object', where);
    return;
  }
  const o = value as Record<string, unknown>;
  if (Array.isArray(o.Records) || Array.isArray(o.Events)) {
    // A whole delivery file or lookup-events page on one JSON line: each element counts.
    const list = (Array.isArray(o.Records) ? o.Records : o.Events) as unknown[];
    let n = 0;
    for (const v of list) {
      n += 1;
      yield* recordsOf(v, `${where} element ${n}`, '', region, stats);
    }
    return;
  }
  let r: unknown = o;
  if (typeof o.CloudTrailEvent === 'string') {
    const inner = o.CloudTrailEvent;
    if (nestsDeeperThan(inner, MAX_RECORD_DEPTH)) {
      noteSkip(stats, 'too-deep', where, inner);
      return;
    }
    try {
      r = JSON.parse(inner);
    } catch {
      noteSkip(stats, 'bad-embedded-event', where, typeof o.EventId === 'string' ? `"eventID":"${o.EventId}"` : '');
      return;
    }
    if (!r || typeof r !== 'object' || Array.isArray(r)) {
      noteSkip(stats, 'bad-embedded-event', where);
      return;
    }
  }
  if (!isRecord(r)) {
    noteSkip(stats, 'not-a-record', where, text);
    return;
  }
  if (!Number.isFinite(Date.parse(r.eventTime))) {
    noteSkip(stats, 'bad-event-time', where, JSON.stringify({ eventID: r.eventID }));
    return;
  }
  if (typeof r.awsRegion !== 'string' || !r.awsRegion) {
    r.awsRegion = region ?? UNKNOWN_REGION;
    if (stats) stats.noRegion += 1;
  }
  yield r;
}

/** Files up to this size (compressed, and decompressed) are read whole; larger ones are streamed. */
export const WHOLE_FILE_MAX = 32 * 1024 * 1024;
/**
 * Files read and decompressed ahead of the one being parsed: zlib runs in libuv's thread pool, so
 * decompression of the next files overlaps parsing on another core. Memory: a few files.
 */
const READ_AHEAD = 2;

const gunzipAsync = promisify(gunzip);

/**
 * A whole file's text, decompressed off the main thread; null when it is too large to hold (then
 * it is streamed) or not a whole valid gzip (then streaming reads it up to the fault and says so).
 */
async function readWhole(path: string): Promise<Buffer | null> {
  try {
    const st = await stat(path);
    if (st.size > WHOLE_FILE_MAX) return null;
    const raw = await readFile(path);
    if (!path.toLowerCase().endsWith('.gz')) return raw;
    return await gunzipAsync(raw, { maxOutputLength: WHOLE_FILE_MAX, chunkSize: outputChunk(raw) });
  } catch {
    return null;
  }
}

/**
 * The output buffer size for decompressing `gz` in one piece: the size its gzip trailer states
 * (ISIZE, the last 4 bytes), so zlib writes straight into one buffer with no copying and joining
 * of 16 KiB pieces. ISIZE is only a hint (modulo 4 GiB, per member): it is bounded, and a wrong
 * one just means more pieces.
 */
export function outputChunk(gz: Buffer): number {
  const stated = gz.length >= 18 ? gz.readUInt32LE(gz.length - 4) : 0;
  return Math.min(WHOLE_FILE_MAX, Math.max(64 * 1024, stated + 1));
}

/**
 * Text pieces are cut from a file held whole: small strings live in V8's young generation and are
 * recycled cheaply, where one string per file (a megabyte and more) costs a fresh allocation, page
 * faults and a full collection each time — measured, about twice the CPU of splitting itself.
 */
const TEXT_PIECE = 64 * 1024;

/**
 * The text of `buf` in pieces of about TEXT_PIECE characters: pure ASCII (nearly every CloudTrail
 * file) as one-byte copies, anything else through a streaming UTF-8 decoder (a character cut at a
 * piece boundary is completed in the next piece).
 */
export function* textPieces(buf: Buffer): Generator<string> {
  if (isAscii(buf)) {
    for (let a = 0; a < buf.length; a += TEXT_PIECE)
      yield buf.toString('latin1', a, Math.min(buf.length, a + TEXT_PIECE));
    return;
  }
  const dec = new TextDecoder('utf-8');
  for (let a = 0; a < buf.length; a += TEXT_PIECE) {
    const t = dec.decode(buf.subarray(a, Math.min(buf.length, a + TEXT_PIECE)), { stream: true });
    if (t) yield t;
  }
  const tail = dec.decode();
  if (tail) yield tail;
}

/**
 * Streams every CloudTrail record under `dir`, each file once, in bounded memory: files up to
 * WHOLE_FILE_MAX read whole (decompressed ahead in the thread pool) and split synchronously,
 * larger `.json`/`.json.gz` through the streaming splitter (one element at a time, whatever the
 * file size), JSON lines line by line. Whatever is not yielded is counted in `stats`.
 */
export async function* trailRecords(
  dir: string,
  stats?: TrailReadStats,
  opts: TrailReadOptions = {},
): AsyncGenerator<CloudTrailRecord> {
  const paths = walk(dir)[Symbol.asyncIterator]();
  const ahead: { path: string; whole: Promise<Buffer | null> }[] = [];
  let walked = false;
  const fill = async () => {
    while (!walked && ahead.length <= READ_AHEAD) {
      const n = await paths.next();
      if (n.done) {
        walked = true;
        return;
      }
      const path = n.value;
      if (!TRAIL_FILE.test(path)) continue;
      if (opts.skipFile?.(path)) {
        if (stats) stats.skippedFiles += 1;
        continue;
      }
      const lines = LINES_FILE.test(path);
      ahead.push({ path, whole: lines ? Promise.resolve(null) : readWhole(path) });
    }
  };
  const prefilter = candidate(opts);
  for (await fill(); ahead.length; await fill()) {
    const { path, whole: pending } = ahead.shift()!;
    if (stats) stats.files += 1;
    const region = fileHints(path, dir).region;
    const lines = LINES_FILE.test(path);
    const info: ElementInfo = { depth: 0 };
    const entry = (text: string, n: number) => entryRecords(text, n, path, lines, info, region, stats, prefilter);
    try {
      const whole = await pending;
      if (whole !== null) {
        // In memory already: split and check synchronously, yield only what is kept. An element
        // lying in one piece is tested against the positions the filter found in that piece, and
        // is counted and passed over without being sliced when it holds none.
        let n = 0;
        const kept: CloudTrailRecord[] = [];
        let wanted: ((start: number, end: number) => boolean) | null = null;
        const sp = new Splitter((piece, start, end, depth, head) => {
          n += 1;
          if (start !== -1 && head === null && wanted && !wanted(start, end)) {
            if (stats) stats.records += 1;
            return;
          }
          info.depth = depth;
          const text = start === -1 ? 'null' : head === null ? piece.slice(start, end) : head + piece.slice(start, end);
          for (const r of entry(text, n)) kept.push(r);
        });
        let fault: unknown;
        try {
          for (const piece of textPieces(whole)) {
            wanted = wholeTextFilter(piece, opts);
            sp.feed(piece);
          }
          sp.end();
        } catch (err) {
          fault = err; // the records before the fault are still searched
        }
        yield* kept;
        if (fault) throw fault;
        continue;
      }
      const texts = lines ? jsonLines(path) : jsonArrayElements(openText(path), info);
      let n = 0;
      for await (const text of texts) {
        n += 1;
        yield* entry(text, n);
      }
    } catch (err) {
      noteUnreadable(stats, `${path}: ${(err as Error).message}`);
    }
  }
}

const LINES_FILE = /\.(jsonl|ndjson)(\.gz)?$/i;

/** Positions in `text` of each occurrence of `needle`, in increasing order. */
export function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) out.push(i);
  return out;
}

/**
 * Whether some position of a sorted list falls in [start, end), for ranges asked in increasing
 * order (the list is walked once per file, not searched per element).
 */
function rangeTest(positions: number[]): (start: number, end: number) => boolean {
  let k = 0;
  return (start, end) => {
    while (k < positions.length && positions[k]! < start) k += 1;
    return k < positions.length && positions[k]! < end;
  };
}

/**
 * For a whole file's text: whether the element at [start, end) may hold a wanted record, decided
 * from positions found once in the whole text (the same conditions as `candidate`: an element
 * with a \u escape is always parsed); null when nothing is filtered.
 */
export function wholeTextFilter(
  text: string,
  opts: TrailReadOptions,
): ((start: number, end: number) => boolean) | null {
  const { mustContain, mayMatch, mayMatchAt } = opts;
  if (!mustContain && !mayMatch && !mayMatchAt) return null;
  const escaped = rangeTest(occurrences(text, '\\u'));
  const needle = mustContain ? rangeTest(occurrences(text, mustContain)) : null;
  const at = mayMatchAt ? rangeTest(mayMatchAt(text)) : null;
  return (start, end) => {
    // Every test is asked for every element, so each walks its list in step.
    const e = escaped(start, end);
    const k = needle ? needle(start, end) : true;
    const m = at ? at(start, end) : mayMatch ? k && mayMatch(text.slice(start, end)) : true;
    return e || (k && m);
  };
}

/** Whether an entry's text may hold a wanted record (else it is skipped unparsed). */
function candidate(opts: TrailReadOptions): (text: string) => boolean {
  const { mustContain, mayMatch } = opts;
  if (!mustContain && !mayMatch) return () => true;
  return (text) =>
    text.includes('\\u') || ((!mustContain || text.includes(mustContain)) && (!mayMatch || mayMatch(text)));
}

/** The usable records of one entry (element or line), counting what is skipped and why. */
function* entryRecords(
  text: string,
  n: number,
  path: string,
  lines: boolean,
  info: ElementInfo,
  region: string | undefined,
  stats: TrailReadStats | undefined,
  prefilter: (text: string) => boolean,
): Generator<CloudTrailRecord> {
  if (stats) stats.records += 1;
  if (!prefilter(text)) return;
  const where = `${path}: ${lines ? 'line' : 'element'} ${n}`;
  const deep = lines ? nestsDeeperThan(text, MAX_RECORD_DEPTH) : info.depth > MAX_RECORD_DEPTH;
  if (deep) {
    noteSkip(stats, 'too-deep', where, text);
    return;
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    noteSkip(stats, 'invalid-json', where, text);
    return;
  }
  yield* recordsOf(v, where, text, region, stats);
}

async function* jsonLines(path: string): AsyncGenerator<string> {
  const rl = createInterface({ input: openText(path), crlfDelay: Infinity });
  for await (const line of rl) {
    const t = line.replace(/^\uFEFF/, '').trim(); // a byte-order mark (Windows exports) is not JSON
    if (t) yield t;
  }
}

/** One line per skip reason, e.g. `3 not a JSON object (a.json: element 2, …)`. */
export function describeSkipped(stats: TrailReadStats): string[] {
  return (Object.entries(stats.skipped) as [SkipReason, { count: number; examples: string[] }][])
    .filter(([, v]) => v.count > 0)
    .map(
      ([k, v]) => `${v.count} ${SKIP_REASONS[k]} (${v.examples.join('; ')}${v.count > v.examples.length ? '; …' : ''})`,
    );
}
