/**
 * CloudWatch Logs JSON filter patterns (pure): parse `{ ($.eventName = CreateTrail) || … }` into
 * a tree and evaluate it against a JSON log event, so a metric filter is judged by what it matches
 * — whitespace, quoting, term order and parentheses do not matter — not by comparing strings.
 *
 * Supported (the JSON-pattern subset the CIS filters and their variants use): selectors `$.a.b`,
 * `$.a[0].b`; operators `=`, `!=`, `<`, `<=`, `>`, `>=`; quoted or bare string values with `*`
 * wildcards; numbers; `%regex%`; `IS NULL`, `IS TRUE`, `IS FALSE`, `EXISTS`, `NOT EXISTS`; `&&`
 * binding tighter than `||`; parentheses. A comparison on a field the event does not have does not
 * match (that is what `NOT EXISTS` is for). Anything else is a parse error: the caller treats the
 * filter as not matching, and says so.
 */

export type Pattern =
  | { op: 'and' | 'or'; left: Pattern; right: Pattern }
  | { op: 'cmp'; path: (string | number)[]; cmp: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Value }
  | { op: 'is'; path: (string | number)[]; what: 'null' | 'true' | 'false' | 'exists' | 'not-exists' };

type Value = { kind: 'string'; text: string } | { kind: 'number'; n: number } | { kind: 'regex'; re: RegExp };

export class FilterPatternError extends Error {}

type Tok = { t: 'sym'; v: string } | { t: 'word'; v: string } | { t: 'str'; v: string } | { t: 'regex'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === '!=' || two === '<=' || two === '>=') {
      out.push({ t: 'sym', v: two });
      i += 2;
      continue;
    }
    if ('(){}=<>'.includes(c)) {
      out.push({ t: 'sym', v: c });
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let v = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        v += src[j];
        j++;
      }
      if (j >= src.length) throw new FilterPatternError('unterminated quoted value');
      out.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    if (c === '%') {
      const j = src.indexOf('%', i + 1);
      if (j < 0) throw new FilterPatternError('unterminated %regex%');
      out.push({ t: 'regex', v: src.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < src.length && !/\s/.test(src[j]!) && !'(){}=<>!&|"'.includes(src[j]!)) j++;
    if (j === i) throw new FilterPatternError(`unexpected character ${JSON.stringify(c)}`);
    out.push({ t: 'word', v: src.slice(i, j) });
    i = j;
  }
  return out;
}

function parsePath(word: string): (string | number)[] {
  if (!word.startsWith('$.') && !word.startsWith('$['))
    throw new FilterPatternError(`expected a $.selector, got ${word}`);
  const path: (string | number)[] = [];
  const re = /\.([A-Za-z0-9_\-@:]+)|\[(\d+)\]/g;
  let last = 1;
  for (let m = re.exec(word); m; m = re.exec(word)) {
    if (m.index !== last) throw new FilterPatternError(`bad selector ${word}`);
    path.push(m[1] !== undefined ? m[1] : Number(m[2]));
    last = re.lastIndex;
  }
  if (last !== word.length || !path.length) throw new FilterPatternError(`bad selector ${word}`);
  return path;
}

export function parseFilterPattern(src: string): Pattern {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const isSym = (v: string) => toks[i]?.t === 'sym' && toks[i]!.v === v;
  const expectSym = (v: string) => {
    if (!isSym(v)) throw new FilterPatternError(`expected ${v}`);
    i++;
  };
  const or = (): Pattern => {
    let left = and();
    while (isSym('||')) {
      i++;
      left = { op: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): Pattern => {
    let left = unary();
    while (isSym('&&')) {
      i++;
      left = { op: 'and', left, right: unary() };
    }
    return left;
  };
  const unary = (): Pattern => {
    if (isSym('(')) {
      i++;
      const e = or();
      expectSym(')');
      return e;
    }
    const sel = peek();
    if (sel?.t !== 'word') throw new FilterPatternError('expected a $.selector');
    i++;
    const path = parsePath(sel.v);
    const next = peek();
    if (next?.t === 'word') {
      const w = next.v.toUpperCase();
      i++;
      if (w === 'EXISTS') return { op: 'is', path, what: 'exists' };
      if (w === 'NOT') {
        if (peek()?.t === 'word' && peek()!.v.toUpperCase() === 'EXISTS') {
          i++;
          return { op: 'is', path, what: 'not-exists' };
        }
        throw new FilterPatternError('expected EXISTS after NOT');
      }
      if (w === 'IS') {
        const v = peek();
        const what = v?.t === 'word' ? v.v.toUpperCase() : '';
        if (what === 'NULL' || what === 'TRUE' || what === 'FALSE') {
          i++;
          return { op: 'is', path, what: what.toLowerCase() as 'null' | 'true' | 'false' };
        }
        throw new FilterPatternError('expected NULL, TRUE or FALSE after IS');
      }
      throw new FilterPatternError(`unexpected ${next.v}`);
    }
    if (next?.t !== 'sym' || !['=', '!=', '<', '<=', '>', '>='].includes(next.v))
      throw new FilterPatternError(`expected an operator after ${sel.v}`);
    i++;
    const cmp = next.v as '=' | '!=' | '<' | '<=' | '>' | '>=';
    const v = peek();
    if (!v || v.t === 'sym') throw new FilterPatternError(`expected a value after ${sel.v} ${cmp}`);
    i++;
    let value: Value;
    if (v.t === 'regex') {
      try {
        value = { kind: 'regex', re: new RegExp(v.v) };
      } catch {
        throw new FilterPatternError(`bad regular expression %${v.v}%`);
      }
    } else if (v.t === 'word' && /^-?\d+(\.\d+)?$/.test(v.v)) value = { kind: 'number', n: Number(v.v) };
    else value = { kind: 'string', text: v.v };
    return { op: 'cmp', path, cmp, value };
  };
  const t = src.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) throw new FilterPatternError('not a JSON filter pattern ({ … })');
  expectSym('{');
  const e = or();
  expectSym('}');
  if (i !== toks.length) throw new FilterPatternError('unexpected text after the closing }');
  return e;
}

function lookup(event: unknown, path: (string | number)[]): { found: boolean; v?: unknown } {
  let cur: unknown = event;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return { found: false };
    const o = cur as Record<string | number, unknown>;
    if (!(k in o)) return { found: false };
    cur = o[k];
  }
  return { found: true, v: cur };
}

const wildcard = (text: string) =>
  new RegExp(
    `^${text
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

function compare(v: unknown, cmp: string, value: Value): boolean {
  if (value.kind === 'number') {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    if (Number.isNaN(n)) return cmp === '!=';
    switch (cmp) {
      case '=':
        return n === value.n;
      case '!=':
        return n !== value.n;
      case '<':
        return n < value.n;
      case '<=':
        return n <= value.n;
      case '>':
        return n > value.n;
      default:
        return n >= value.n;
    }
  }
  if (v !== null && typeof v === 'object') return false;
  const s = String(v);
  const eq = value.kind === 'regex' ? value.re.test(s) : wildcard(value.text).test(s);
  if (cmp === '=') return eq;
  if (cmp === '!=') return !eq;
  return false;
}

export function matchesPattern(p: Pattern, event: unknown): boolean {
  switch (p.op) {
    case 'and':
      return matchesPattern(p.left, event) && matchesPattern(p.right, event);
    case 'or':
      return matchesPattern(p.left, event) || matchesPattern(p.right, event);
    case 'is': {
      const r = lookup(event, p.path);
      switch (p.what) {
        case 'exists':
          return r.found;
        case 'not-exists':
          return !r.found;
        case 'null':
          return r.found && r.v === null;
        case 'true':
          return r.found && r.v === true;
        case 'false':
          return r.found && r.v === false;
      }
      return false;
    }
    case 'cmp': {
      const r = lookup(event, p.path);
      return r.found && compare(r.v, p.cmp, p.value);
    }
  }
}
