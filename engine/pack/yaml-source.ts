// One pack file read as YAML 1.2, bounded first (yaml-limits.ts), with every position kept for
// its errors. The file is untrusted: each step is linear in the input, and so is reporting its
// errors (positions by binary search over the line starts, keys found through one index per map).
import { Composer, CST, isCollection, isMap, isScalar, isSeq, LineCounter, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { PackError, PathSegment } from './errors.js';
import { formatPath, MAX_LISTED_ERRORS } from './errors.js';
import { describeValue } from './schema.js';
import { boundedCst, PACK_LIMITS, type YamlLimits } from './yaml-limits.js';

export interface YamlSource {
  file: string;
  data: unknown;
  /** Line and column (1-based) of the node at a JSON path, or of its nearest existing parent. */
  locate(path: readonly PathSegment[], key?: string): { line: number; col: number };
  error(code: string, path: readonly PathSegment[], message: string, key?: string): PackError;
}

/**
 * The yaml library's error codes in our words: its messages say what the parser met, in its own
 * terms; these say what is wrong in a pack. Those explained from context come from explainYamlError.
 */
const YAML_MESSAGES: Record<string, string> = {
  ALIAS_PROPS: 'an alias (*name) cannot have an anchor or a tag',
  BAD_ALIAS: 'an alias (*name) names no anchor (&name) set before it',
  BAD_COLLECTION_TYPE: 'a value here must be a mapping or a list',
  BAD_DIRECTIVE: 'a directive (a line starting with %) that YAML 1.2 does not know; packs need none',
  BAD_DQ_ESCAPE: 'an escape in a double-quoted string that YAML does not know (\\n, \\t, \\", \\\\ and \\uXXXX are)',
  BAD_INDENT: 'bad indentation: items of one mapping or list start at the same column',
  BAD_PROP_ORDER: 'an anchor or tag in the wrong place: write it before the value',
  BAD_SCALAR_START: 'a plain value cannot start with this character; put the value in quotes',
  BLOCK_AS_IMPLICIT_KEY: 'a mapping or list cannot be a key; a key is text on one line, followed by a colon',
  BLOCK_IN_FLOW: 'an indented mapping or list cannot be inside [ ] or { }',
  IMPOSSIBLE: 'the YAML cannot be read here',
  KEY_OVER_1024_CHARS: 'a key longer than 1024 characters; keys of a pack are short names',
  MISSING_CHAR: 'a closing quote, ] or } is missing',
  MULTILINE_IMPLICIT_KEY: 'a key must be on one line; or a line is indented as if it continued the value above',
  MULTIPLE_ANCHORS: 'two anchors (&name) on one value',
  MULTIPLE_DOCS: 'a second YAML document (after ---); a pack is one document',
  MULTIPLE_TAGS: 'two tags (!name) on one value',
  NON_STRING_KEY: 'a key must be text',
  TAB_AS_INDENT: 'tab in the indentation; indent with spaces',
  TAG_RESOLVE_FAILED: 'a tag (!name) that the YAML 1.2 core schema does not know; packs need none',
  UNEXPECTED_TOKEN: 'unexpected text here; a value may be missing a colon, a dash or quotes',
};

const YAML_CODES: Record<string, string> = {
  TAB_AS_INDENT: 'PACK_TAB',
};

/** The keys every pack has at its top; a file whose top mapping has none of them is not a pack. */
const PACK_KEYS = ['year', 'title', 'sources'];

function namesAPackKey(doc: Document.Parsed): boolean {
  return isMap(doc.contents) && doc.contents.items.some((pair) => isScalar(pair.key) && PACK_KEYS.includes(String(pair.key.value)));
}

function notAPack(what: string): string {
  return `the file is not a pack: ${what}; a pack is a YAML mapping of keys (${PACK_KEYS.join(', ')}, …)`;
}

/** At most 60 characters of a line, quoted: enough to recognize it, never the whole file. */
function quote(line: string): string {
  const t = line.trim();
  return JSON.stringify(t.length > 60 ? `${t.slice(0, 60)}…` : t);
}

export interface ParsedYaml {
  source?: YamlSource;
  /** The first MAX_LISTED_ERRORS errors. */
  errors: PackError[];
  /** Every error, counted. */
  errorCount: number;
}

/** Parses one pack file as YAML 1.2 (dates stay strings), keeping positions for errors. */
export function parseYamlSource(file: string, text: string, limits: YamlLimits = PACK_LIMITS): ParsedYaml {
  const at = (line: number, col: number, code: string, message: string): PackError =>
    ({ file, line, col, code, path: '', message });
  const only = (e: PackError): ParsedYaml => ({ errors: [e], errorCount: 1 });

  const bytes = Buffer.byteLength(text);
  if (bytes > limits.bytes) {
    const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`);
    return only(at(1, 1, 'PACK_TOO_LARGE', `the file is ${size(bytes)}; a pack holds one year and may be at most ${size(limits.bytes)}`));
  }
  if (text.trim() === '') return only(at(1, 1, 'PACK_EMPTY', 'the file is empty; a pack needs at least year, title and sources'));

  const lineCounter = new LineCounter();
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return p.line === 0 ? { line: 1, col: offset + 1 } : p;
  };
  const cst = boundedCst(text, limits, lineCounter.addNewLine);
  if ('breach' in cst) {
    const { line, col } = pos(cst.breach.offset);
    return only(at(line, col, cst.breach.code, cst.breach.message));
  }
  const docs = compose(cst.tokens, text.length);
  const doc = docs[0];
  const errors = new ErrorList();
  // YAML allows tabs in some places; packs never need them, and they hide indentation mistakes.
  let lineStart = 0;
  for (let line = 1; lineStart <= text.length; line++) {
    const end = text.indexOf('\n', lineStart);
    const lineEnd = end < 0 ? text.length : end;
    const tab = text.indexOf('\t', lineStart);
    if (tab >= 0 && tab < lineEnd) {
      const inIndent = text.slice(lineStart, tab).trim() === '';
      errors.add(() => at(line, tab - lineStart + 1, 'PACK_TAB', inIndent ? 'tab in the indentation; indent with spaces' : 'tab character; packs use spaces only (write \\t in a double-quoted string for a tab in text)'));
    }
    if (end < 0) break;
    lineStart = end + 1;
  }
  const lines = text.split(/\r?\n/);
  // Text that is not YAML (a README, a letter) breaks on every line: one short error says so instead.
  if ((doc.errors.length > 0 || errors.count > 0) && !namesAPackKey(doc)) {
    const first = doc.errors[0]?.pos[0] ?? 0;
    const { line, col } = pos(first);
    return only(at(line, col, 'PACK_NOT_A_PACK', notAPack(`line ${line} reads ${quote(lines[line - 1] ?? '')}`)));
  }
  const multilineKeys = new Set(doc.errors.filter((e) => e.code === 'MULTILINE_IMPLICIT_KEY').map((e) => e.pos[0]));
  for (const e of doc.errors) {
    if (e.code === 'TAB_AS_INDENT') continue; // reported above, once per line
    if (e.code === 'BLOCK_AS_IMPLICIT_KEY' && multilineKeys.has(e.pos[0])) continue; // the same over-indented line
    errors.add(() => {
      const code = YAML_CODES[e.code] ?? 'PACK_YAML_SYNTAX';
      const explained = explainYamlError(doc, lines, lineCounter, e.code, e.pos, e.message);
      if (explained) return { ...at(explained.line, explained.col, code, explained.message), path: explained.path ?? '' };
      const { line, col } = pos(e.pos[0]);
      return at(line, col, code, YAML_MESSAGES[e.code] ?? 'the YAML cannot be read here');
    });
  }
  if (docs.length > 1) {
    const { line, col } = pos(docs[1].range[0]);
    errors.add(() => at(line, col, 'PACK_YAML_SYNTAX', YAML_MESSAGES.MULTIPLE_DOCS));
  }
  const index = indexMaps(doc, (pair, first, path) => errors.add(() => {
    const key = String((pair.key as Scalar).value);
    const { line, col } = pos((pair.key as Scalar).range![0]);
    return { file, line, col, code: 'PACK_DUPLICATE_KEY', path: formatPath([...path, key]), message: `duplicate key '${key}': it is already set on line ${pos((first.key as Scalar).range![0]).line}; a key may appear once per mapping` };
  }));
  if (errors.count > 0) return errors.result();
  if (doc.contents === null) return only(at(1, 1, 'PACK_EMPTY', 'the file holds only comments; a pack needs at least year, title and sources'));
  if (!isMap(doc.contents)) {
    const { line, col } = pos(doc.contents?.range?.[0] ?? 0);
    return only(at(line, col, 'PACK_TYPE', notAPack(`it holds ${describeValue(doc.toJS())}`)));
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    // The yaml library refuses alias expansions that would blow up (a "billion laughs" file).
    return only(at(1, 1, 'PACK_YAML_ALIASES', 'the aliases (*name) expand to too many values; packs do not need anchors that refer to anchors'));
  }
  const locate = (path: readonly PathSegment[], key?: string) => pos(nodeAt(doc, index, path, key)?.range?.[0] ?? 0);
  const source: YamlSource = {
    file,
    data,
    locate,
    error(code, path, message, key) {
      const { line, col } = locate(path, key);
      return { file, line, col, code, path: formatPath(key === undefined ? path : [...path, key]), message };
    },
  };
  return { source, errors: [], errorCount: 0 };
}

/**
 * The documents of the CST. Each YAML error is an Error object, and capturing its stack is most of
 * the composer's time on a text full of errors: none is kept while composing (synchronously).
 */
function compose(tokens: CST.Token[], length: number): Document.Parsed[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return [...new Composer({ version: '1.2', schema: 'core', uniqueKeys: false, prettyErrors: false }).compose(tokens, true, length)];
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The first MAX_LISTED_ERRORS errors, made only when listed, and the count of all. */
class ErrorList {
  readonly list: PackError[] = [];
  count = 0;

  add(make: () => PackError): void {
    if (this.count++ < MAX_LISTED_ERRORS) this.list.push(make());
  }

  result(): ParsedYaml {
    return { errors: this.list, errorCount: this.count };
  }
}

type MapIndex = WeakMap<YAMLMap, Map<string, Pair>>;

/**
 * Each mapping's keys in a Map (the first pair of each), walking the document once with a stack
 * of its own; a key seen twice in one mapping is reported with its first pair and the path.
 * (The yaml library's own uniqueKeys check compares each key with every key before it.)
 */
function indexMaps(doc: Document, duplicate: (pair: Pair, first: Pair, path: PathSegment[]) => void): MapIndex {
  const index: MapIndex = new WeakMap();
  const stack: { node: unknown; path: PathSegment[] }[] = [{ node: doc.contents, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (isMap(node)) {
      const keys = new Map<string, Pair>();
      index.set(node, keys);
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          const key = String(pair.key.value);
          const first = keys.get(key);
          if (first) duplicate(pair, first, path);
          else keys.set(key, pair);
          stack.push({ node: pair.value, path: [...path, key] });
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...path, i] }));
    }
  }
  return index;
}

/** The deepest node that exists on the path (a missing child points at its parent); a key names its own key node. */
function nodeAt(doc: Document, index: MapIndex, path: readonly PathSegment[], key?: string): Node | undefined {
  let node = (doc.contents ?? undefined) as Node | undefined;
  for (const seg of path) {
    const child = isMap(node) ? index.get(node)?.get(String(seg))?.value : isSeq(node) && typeof seg === 'number' ? node.items[seg] : undefined;
    if (!child || !(child as Node).range) break;
    node = child as Node;
  }
  if (key !== undefined && isMap(node)) {
    const pair = index.get(node)?.get(key);
    if (pair && isScalar(pair.key)) return pair.key;
  }
  return node;
}

/**
 * For the mistakes people make in packs, what is wrong and what was expected, and where it
 * starts (the library's message only tells the cases apart; it is never shown).
 */
function explainYamlError(doc: Document, lines: string[], lc: LineCounter, code: string, pos: [number, number], libraryMessage: string):
  { line: number; col: number; message: string; path?: string } | undefined {
  const here = lc.linePos(pos[0]);
  const message = libraryMessage.split('\n')[0];
  const indentOf = (line: number) => (lines[line - 1] ?? '').search(/\S/);
  const previousLine = (line: number) => {
    let l = line - 1;
    while (l >= 1 && /^\s*(#.*)?$/.test(lines[l - 1])) l--;
    return l;
  };

  if (code === 'BAD_INDENT' && /^Flow (sequence|map)/.test(message)) {
    // The parser notices an unclosed [ or { only at the next line; point at the bracket that is never closed.
    const close = message.startsWith('Flow sequence') ? ']' : '}';
    let open: Node | undefined;
    visit(doc, (_, node) => {
      if (isCollection(node) && node.flow && node.range && node.range[0] < pos[0]) {
        if (!open || node.range[0] > open.range![0]) open = node;
      }
    });
    const start = open?.range ? lc.linePos(open.range[0]) : here;
    return { ...start, message: `unclosed ${close === ']' ? '[' : '{'}: expected ${close} before line ${here.line} (a flow ${close === ']' ? 'sequence' : 'mapping'} ends on the line it starts, or continues on lines indented deeper than its key)` };
  }

  if (code === 'BAD_INDENT' && message.startsWith('All mapping items')) {
    const prev = previousLine(here.line);
    const col = indentOf(here.line);
    return { line: here.line, col: col + 1, message: `bad indentation: this key is indented ${col} spaces, but the keys of the mapping above are indented ${indentOf(prev)}; items of one mapping start at the same column` };
  }

  if (code === 'MULTILINE_IMPLICIT_KEY') {
    // A line indented deeper than a key whose value is already on its own line.
    const end = lc.linePos(pos[1]);
    const prev = previousLine(end.line);
    const col = indentOf(end.line);
    if (end.line > here.line && col > indentOf(prev)) {
      return { line: end.line, col: col + 1, message: `bad indentation: this line is indented ${col} spaces, deeper than line ${prev}, whose value is already given; align it with the keys above` };
    }
  }
  return undefined;
}
