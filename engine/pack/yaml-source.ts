// One pack file read as YAML 1.2, bounded first (yaml-limits.ts), with every position kept for
// its errors. The file is untrusted: each step is linear in the input, and so is reporting its
// errors (positions by binary search over the line starts, keys found through one index per map).
import { Composer, CST, isMap, isScalar, isSeq, LineCounter, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { PackError, PathSegment } from './errors.js';
import { formatPath, MAX_LISTED_ERRORS } from './errors.js';
import { describeValue } from './schema.js';
import { MULTIPLE_DOCS_MESSAGE, syntaxProblems, tabProblems, type YamlProblem } from './yaml-errors.js';
import { boundedCst, PACK_LIMITS, type YamlLimits } from './yaml-limits.js';

export interface YamlSource {
  file: string;
  data: unknown;
  /** Line and column (1-based) of the node at a JSON path, or of its nearest existing parent. */
  locate(path: readonly PathSegment[], key?: string): { line: number; col: number };
  error(code: string, path: readonly PathSegment[], message: string, key?: string): PackError;
}

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
  const problem = (p: YamlProblem) => at(p.line, p.col, p.code, p.message);
  const tabs = tabProblems(text);
  for (const p of tabs.problems) errors.add(() => problem(p));
  // Text that is not YAML (a README, a letter) breaks on every line: one short error says so instead.
  if ((doc.errors.length > 0 || errors.count > 0) && !namesAPackKey(doc)) {
    const first = doc.errors[0]?.pos[0] ?? 0;
    const { line, col } = pos(first);
    return only(at(line, col, 'PACK_NOT_A_PACK', notAPack(`line ${line} reads ${quote(text.split(/\r?\n/, line)[line - 1] ?? '')}`)));
  }
  if (tabs.inIndent) return errors.result();
  syntaxProblems(doc, text, lineCounter, (make) => errors.add(() => problem(make())));
  if (docs.length > 1) {
    const { line, col } = pos(docs[1].range[0]);
    errors.add(() => at(line, col, 'PACK_YAML_SYNTAX', MULTIPLE_DOCS_MESSAGE));
  }
  // A document with syntax errors is the parser's guess: its duplicate keys may be none of the author's.
  const readAsWritten = doc.errors.length === 0;
  const index = indexMaps(doc, (pair, first, path) => {
    if (!readAsWritten) return;
    errors.add(() => {
      const key = String((pair.key as Scalar).value);
      const { line, col } = pos((pair.key as Scalar).range![0]);
      return { file, line, col, code: 'PACK_DUPLICATE_KEY', path: formatPath([...path, key]), message: `duplicate key '${key}': it is already set on line ${pos((first.key as Scalar).range![0]).line}; a key may appear once per mapping` };
    });
  });
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
