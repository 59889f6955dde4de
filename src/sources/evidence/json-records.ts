/**
 * A small streaming JSON splitter for CloudTrail files of any size, in bounded memory: it finds
 * each element of the records array without parsing the rest of the document —
 *   {"Records":[ {…}, {…} ]}     (S3 delivery files)
 *   {"Events":[ {…}, {…} ]}      (`aws cloudtrail lookup-events` output; NextToken etc. ignored)
 *   [ {…}, {…} ]                 (a bare array)
 * A top-level object without such an array (one record) is an element whole, up to
 * MAX_SINGLE_OBJECT characters; several top-level values in one file (concatenated JSON) are each
 * handled in turn. Each element is then JSON.parse'd by the caller (native, fast), optionally after
 * a pre-filter on its position or text, so memory is one chunk plus one element.
 *
 * Only the structure is tracked (depth, strings and escapes); the splitter does not validate JSON:
 * a malformed element fails in JSON.parse and is reported by the caller.
 *
 * Speed matters (a million records is a gigabyte of text): the state lives in locals while a
 * chunk is scanned, strings are passed over with native indexOf, and an element that lies in one
 * chunk is handed over as a range of it, so the caller slices only the elements it wants.
 */
export const MAX_SINGLE_OBJECT = 16 * 1024 * 1024;

const QUOTE = 34;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const COMMA = 44;
const SPACE = 32;

export class JsonShapeError extends Error {}

/** Filled by the splitter for each element it yields (read it before resuming the generator). */
export interface ElementInfo {
  /** How deeply the element nests (an empty object or array is 1; a string, number… 0). */
  depth: number;
}

/**
 * Receives each element: the text of an object or array element is `head + chunk.slice(start, end)`
 * (`head` is null when the element lies within this chunk: always so for a whole text). A string,
 * number, true, false or null where a record should be arrives as depth 0, start = end = -1.
 */
export type ElementCallback = (chunk: string, start: number, end: number, depth: number, head: string | null) => void;

const TOP_NONE = 0;
const TOP_ARRAY = 1;
const TOP_OBJECT = 2;

/** The splitter's state machine: feed it text in pieces, then call `end` once. */
export class Splitter {
  private depth = 0;
  private inString = false;
  private escapeNext = false;
  private topKind = TOP_NONE;
  /** Depth at which the elements of the records array live (-1: not inside it). */
  private targetDepth = -1;
  private foundTarget = false;
  /** Element being captured across chunks: parts from earlier chunks (null: none being captured). */
  private elemParts: string[] | null = null;
  /** The last string completed at depth 1 (a key of the top-level object), when short. */
  private key = '';
  private keyParts: string[] | null = null;
  /** Whole top-level object capture (when it has no records array). */
  private whole: string[] | null = null;
  private wholeLen = 0;
  private tooBig = false;
  /** Deepest level reached since the element (or whole object) being captured began. */
  private peak = 0;
  /** A string element of the records array is being passed over. */
  private primString = false;
  /** A number/true/false/null element of the records array is being passed over. */
  private inPrim = false;

  constructor(private readonly onElement: ElementCallback) {}

  feed(chunk: string): void {
    const emit = this.onElement;
    const n = chunk.length;
    let depth = this.depth;
    let inString = this.inString;
    let targetDepth = this.targetDepth;
    let peak = this.peak;
    // Start (in this chunk) of the element / key / whole object being captured.
    let elemStart = this.elemParts !== null ? 0 : -1;
    let keyStart = this.keyParts !== null ? 0 : -1;
    let wholeStart = this.whole !== null ? 0 : -1;
    let i = 0;
    // Position of the next backslash at or after i (n when none): cached, since searching for it
    // afresh in every string would rescan the rest of the chunk each time.
    let nextBs = -1;
    if (this.escapeNext && n > 0) {
      this.escapeNext = false;
      i = 1;
    }
    while (i < n) {
      if (inString) {
        const q = chunk.indexOf('"', i);
        if (nextBs < i && nextBs !== n) {
          nextBs = chunk.indexOf('\\', i);
          if (nextBs === -1) nextBs = n;
        }
        if (nextBs !== n && (q === -1 || nextBs < q)) {
          i = nextBs + 2;
          if (i > n) this.escapeNext = true;
          continue;
        }
        if (q === -1) {
          i = n;
          break;
        }
        inString = false;
        i = q + 1;
        if (this.primString) {
          // A string where a record should be: handed over as a non-object so the caller counts it.
          this.primString = false;
          emit(chunk, -1, -1, 0, null);
        } else if (keyStart !== -1) {
          const parts = this.keyParts!;
          const k = parts.length ? parts.join('') + chunk.slice(keyStart, q) : chunk.slice(keyStart, q);
          this.key = k.length <= 32 ? k : '';
          this.keyParts = null;
          keyStart = -1;
        }
        continue;
      }
      if (elemStart !== -1 && depth > targetDepth) {
        // Inside an element (nearly all the text): only strings and nesting matter, so this loop
        // checks nothing else until the element closes.
        let closed = false;
        while (i < n) {
          const d = chunk.charCodeAt(i);
          if (d === QUOTE) {
            const q = chunk.indexOf('"', i + 1);
            if (nextBs <= i && nextBs !== n) {
              nextBs = chunk.indexOf('\\', i + 1);
              if (nextBs === -1) nextBs = n;
            }
            if (q !== -1 && (nextBs === n || q < nextBs)) {
              i = q + 1;
              continue;
            }
            // An escape inside, or the string goes on into the next chunk: the general path.
            inString = true;
            i += 1;
            break;
          }
          if (d === LBRACE || d === LBRACKET) {
            depth += 1;
            if (depth > peak) peak = depth;
          } else if (d === RBRACE || d === RBRACKET) {
            depth -= 1;
            if (depth === targetDepth) {
              closed = true;
              break;
            }
          }
          i += 1;
        }
        if (!closed) continue;
        const parts = this.elemParts!;
        this.elemParts = null;
        emit(chunk, elemStart, i + 1, peak - targetDepth, parts.length ? parts.join('') : null);
        elemStart = -1;
        i += 1;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (this.inPrim) {
        if (c !== COMMA && c !== RBRACKET && c > SPACE) {
          i += 1;
          continue;
        }
        this.inPrim = false;
      }
      if (c === QUOTE) {
        inString = true;
        if (depth === targetDepth && elemStart === -1) this.primString = true;
        else if (depth === 1 && this.topKind === TOP_OBJECT) {
          this.keyParts = [];
          keyStart = i + 1;
        }
      } else if (c === LBRACE || c === LBRACKET) {
        if (depth === 0) {
          this.topKind = c === LBRACKET ? TOP_ARRAY : TOP_OBJECT;
          if (c === LBRACKET) {
            targetDepth = 1;
            this.foundTarget = true;
          } else {
            this.whole = [];
            wholeStart = i;
            this.wholeLen = 0;
            peak = 0;
          }
        } else if (
          depth === 1 &&
          this.topKind === TOP_OBJECT &&
          c === LBRACKET &&
          !this.foundTarget &&
          (this.key === 'Records' || this.key === 'Events')
        ) {
          targetDepth = 2;
          this.foundTarget = true;
          this.whole = null;
          wholeStart = -1;
        } else if (depth === targetDepth && elemStart === -1) {
          this.elemParts = [];
          elemStart = i;
          peak = depth;
        }
        depth += 1;
        if (depth > peak) peak = depth;
      } else if (c === RBRACE || c === RBRACKET) {
        depth -= 1;
        if (depth === targetDepth && elemStart !== -1) {
          const parts = this.elemParts!;
          this.elemParts = null;
          emit(chunk, elemStart, i + 1, peak - targetDepth, parts.length ? parts.join('') : null);
          elemStart = -1;
        } else if (depth === targetDepth - 1 && targetDepth > 0) {
          targetDepth = -1;
        }
        if (depth === 0) {
          if (this.tooBig && !this.foundTarget)
            throw new JsonShapeError(
              `a JSON object larger than ${MAX_SINGLE_OBJECT} characters with no "Records" or "Events" array`,
            );
          this.tooBig = false;
          if (this.whole !== null) {
            const parts = this.whole;
            this.whole = null;
            emit(chunk, wholeStart, i + 1, peak, parts.length ? parts.join('') : null);
            wholeStart = -1;
          }
          this.topKind = TOP_NONE;
          this.foundTarget = false;
        }
      } else if (depth === targetDepth && elemStart === -1 && c > SPACE && c !== COMMA) {
        // A number, true, false or null where a record should be: counted by the caller.
        this.inPrim = true;
        emit(chunk, -1, -1, 0, null);
      }
      i += 1;
    }
    this.depth = depth;
    this.inString = inString;
    this.targetDepth = targetDepth;
    this.peak = peak;
    if (keyStart !== -1) this.keyParts!.push(chunk.slice(keyStart));
    if (elemStart !== -1) this.elemParts!.push(chunk.slice(elemStart));
    if (wholeStart !== -1 && this.whole !== null) {
      this.whole.push(chunk.slice(wholeStart));
      this.wholeLen += n - wholeStart;
      if (this.wholeLen > MAX_SINGLE_OBJECT) {
        this.whole = null;
        this.tooBig = true;
      }
    }
  }

  /** Throws when the text ended inside a value. */
  end(): void {
    if (this.depth !== 0 || this.inString) throw new JsonShapeError('the JSON ends early (truncated file?)');
  }
}

/** Text of a non-object element as the caller sees it (it fails the record checks, and is counted). */
const PRIMITIVE = 'null';

function elementText(chunk: string, start: number, end: number, head: string | null): string {
  if (start === -1) return PRIMITIVE;
  return head === null ? chunk.slice(start, end) : head + chunk.slice(start, end);
}

/**
 * Calls `onElement(start, end, depth)` for each element of a whole JSON text, synchronously and
 * without slicing (text.slice(start, end) is the element; start = -1 for a non-object element).
 * Throws JsonShapeError at the end of a truncated text, after the elements before the fault.
 */
export function forEachJsonElement(text: string, onElement: (start: number, end: number, depth: number) => void): void {
  const sp = new Splitter((_chunk, start, end, depth) => onElement(start, end, depth));
  sp.feed(text);
  sp.end();
}

/** The elements of a stream of JSON text, one at a time (memory: one chunk plus one element). */
export async function* jsonArrayElements(
  chunks: AsyncIterable<Buffer | string>,
  info?: ElementInfo,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  const ready: { text: string; depth: number }[] = [];
  const sp = new Splitter((chunk, start, end, depth, head) =>
    ready.push({ text: elementText(chunk, start, end, head), depth }),
  );
  const drain = function* () {
    for (const e of ready) {
      if (info) info.depth = e.depth;
      yield e.text;
    }
    ready.length = 0;
  };
  for await (const c of chunks) {
    const s = typeof c === 'string' ? c : decoder.decode(c, { stream: true });
    if (!s) continue;
    try {
      sp.feed(s);
    } finally {
      yield* drain();
    }
  }
  const tail = decoder.decode();
  try {
    if (tail) sp.feed(tail);
    sp.end();
  } finally {
    yield* drain();
  }
}

/** The same over a whole text already in memory, synchronously. */
export function* jsonTextElements(text: string, info?: ElementInfo): Generator<string> {
  const ready: { text: string; depth: number }[] = [];
  let fault: unknown;
  try {
    forEachJsonElement(text, (start, end, depth) =>
      ready.push({ text: start === -1 ? PRIMITIVE : text.slice(start, end), depth }),
    );
  } catch (err) {
    fault = err;
  }
  for (const e of ready) {
    if (info) info.depth = e.depth;
    yield e.text;
  }
  if (fault) throw fault;
}
