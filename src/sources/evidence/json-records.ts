/**
 * A small streaming JSON splitter for CloudTrail files of any size, in bounded memory: it yields
 * the raw text of each element of the records array without parsing the rest of the document —
 *   {"Records":[ {…}, {…} ]}     (S3 delivery files)
 *   {"Events":[ {…}, {…} ]}      (`aws cloudtrail lookup-events` output; NextToken etc. ignored)
 *   [ {…}, {…} ]                 (a bare array)
 * A top-level object without such an array (one record) is yielded whole, up to MAX_SINGLE_OBJECT
 * characters; several top-level values in one file (concatenated JSON) are each handled in turn. Each element is then JSON.parse'd by the caller (native, fast),
 * optionally after a substring pre-filter, so memory is one chunk plus one element.
 *
 * Only the structure is tracked (depth, strings and escapes); the splitter does not validate JSON:
 * a malformed element fails in JSON.parse and is reported by the caller.
 */
export const MAX_SINGLE_OBJECT = 16 * 1024 * 1024;

const ARRAY_KEYS = new Set(['Records', 'Events']);

const QUOTE = 34;
const _BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const COMMA = 44;
const SPACE = 32;

function isPrimitiveStart(c: number): boolean {
  return c > SPACE && c !== COMMA && c !== QUOTE && c !== LBRACE && c !== LBRACKET && c !== RBRACKET && c !== RBRACE;
}

export class JsonShapeError extends Error {}

/** Filled by the splitter for each element it yields (read it before resuming the generator). */
export interface ElementInfo {
  /** How deeply the element nests (an empty object or array is 1). */
  depth: number;
}

/** The splitter's state machine: feed it text in pieces, then call `end` once. */
interface Splitter {
  feed(chunk: string): Generator<string>;
  /** Throws when the text ended inside a value. */
  end(): void;
}

function splitter(info?: ElementInfo): Splitter {
  let depth = 0;
  let inString = false;
  let escapeNext = false;
  let topKind: 'array' | 'object' | null = null;
  /** Depth at which the elements of the records array live (-1: not inside it). */
  let targetDepth = -1;
  let foundTarget = false;
  /** Element being captured: text parts from earlier chunks, and its start in this chunk. */
  let elemParts: string[] | null = null;
  let elemStart = -1;
  /** The last string completed at depth 1 (a key of the top-level object), when short. */
  let key = '';
  let keyParts: string[] | null = null;
  let keyStart = -1;
  /** Whole top-level object capture (when it has no records array): parts, start in this chunk. */
  let whole: string[] | null = null;
  let wholeStart = -1;
  let wholeLen = 0;
  let tooBig = false;
  /** Deepest level reached since the element (or whole object) being captured began. */
  let peak = 0;
  /** A string, number, true/false or null element of the records array is being passed over. */
  let primString = false;
  let inPrim = false;

  const feed = function* (chunk: string): Generator<string> {
    const n = chunk.length;
    let i = 0;
    // Position of the next backslash at or after i (n when none): cached, since searching for it
    // afresh in every string would rescan the rest of the chunk each time.
    let nextBs = -1;
    while (i < n) {
      if (inString) {
        if (escapeNext) {
          escapeNext = false;
          i += 1;
          continue;
        }
        // Jump to the next quote or backslash with native search.
        const q = chunk.indexOf('"', i);
        if (nextBs < i && nextBs !== n) {
          nextBs = chunk.indexOf('\\', i);
          if (nextBs === -1) nextBs = n;
        }
        const b = nextBs === n ? -1 : nextBs;
        if (b !== -1 && (q === -1 || b < q)) {
          i = b + 2;
          if (i > n) escapeNext = true;
          continue;
        }
        if (q === -1) {
          i = n;
          break;
        }
        inString = false;
        if (primString) {
          // A string where a record should be: yielded as a non-object so the caller counts it.
          primString = false;
          if (info) info.depth = 0;
          yield '""';
        }
        if (keyParts) {
          keyParts.push(chunk.slice(keyStart, q));
          const k = keyParts.join('');
          key = k.length <= 32 ? k : '';
          keyParts = null;
        }
        i = q + 1;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (inPrim) {
        if (c === COMMA || c === RBRACKET || c <= SPACE) inPrim = false;
        else {
          i += 1;
          continue;
        }
      }
      if (depth === targetDepth && elemParts === null && isPrimitiveStart(c)) {
        // A number, true, false or null where a record should be: counted by the caller.
        inPrim = true;
        if (info) info.depth = 0;
        yield 'null';
        i += 1;
        continue;
      }
      if (c === QUOTE) {
        inString = true;
        if (depth === targetDepth && elemParts === null) primString = true;
        if (depth === 1 && topKind === 'object') {
          keyParts = [];
          keyStart = i + 1;
        }
      } else if (c === LBRACE || c === LBRACKET) {
        if (depth === 0) {
          topKind = c === LBRACKET ? 'array' : 'object';
          if (topKind === 'array') {
            targetDepth = 1;
            foundTarget = true;
          } else {
            whole = [];
            wholeStart = i;
            wholeLen = 0;
            peak = 0;
          }
        } else if (depth === 1 && topKind === 'object' && c === LBRACKET && ARRAY_KEYS.has(key) && !foundTarget) {
          targetDepth = 2;
          foundTarget = true;
          whole = null;
        } else if (depth === targetDepth && elemParts === null) {
          elemParts = [];
          elemStart = i;
          peak = depth;
        }
        depth += 1;
        if (depth > peak) peak = depth;
      } else if (c === RBRACE || c === RBRACKET) {
        depth -= 1;
        if (elemParts !== null && depth === targetDepth) {
          elemParts.push(chunk.slice(elemStart, i + 1));
          const text = elemParts.length === 1 ? elemParts[0]! : elemParts.join('');
          elemParts = null;
          if (info) info.depth = peak - targetDepth;
          yield text;
        } else if (depth === targetDepth - 1 && targetDepth > 0) {
          targetDepth = -1;
        }
        if (depth === 0) {
          if (tooBig && !foundTarget)
            throw new JsonShapeError(
              `a JSON object larger than ${MAX_SINGLE_OBJECT} characters with no "Records" or "Events" array`,
            );
          tooBig = false;
          if (whole !== null) {
            whole.push(chunk.slice(wholeStart, i + 1));
            const text = whole.join('');
            whole = null;
            if (info) info.depth = peak;
            yield text;
          }
          topKind = null;
          foundTarget = false;
        }
      }
      i += 1;
    }
    if (inString && keyParts) {
      keyParts.push(chunk.slice(keyStart));
      keyStart = 0;
    }
    if (elemParts !== null) {
      elemParts.push(chunk.slice(elemStart));
      elemStart = 0;
    }
    if (whole !== null) {
      whole.push(chunk.slice(wholeStart));
      wholeLen += n - wholeStart;
      wholeStart = 0;
      if (wholeLen > MAX_SINGLE_OBJECT) {
        whole = null;
        tooBig = true;
      }
    }
  };

  const end = () => {
    if (depth !== 0 || inString) throw new JsonShapeError('the JSON ends early (truncated file?)');
  };
  return { feed, end };
}

/** The elements of a stream of JSON text, one at a time (memory: one chunk plus one element). */
export async function* jsonArrayElements(
  chunks: AsyncIterable<Buffer | string>,
  info?: ElementInfo,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  const sp = splitter(info);
  for await (const c of chunks) {
    const s = typeof c === 'string' ? c : decoder.decode(c, { stream: true });
    if (s) yield* sp.feed(s);
  }
  const tail = decoder.decode();
  if (tail) yield* sp.feed(tail);
  sp.end();
}

/** The same over a whole text already in memory, synchronously (no promise per element). */
export function* jsonTextElements(text: string, info?: ElementInfo): Generator<string> {
  const sp = splitter(info);
  yield* sp.feed(text);
  sp.end();
}
