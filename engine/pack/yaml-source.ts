import { isCollection, isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Document, type Node, type Pair } from 'yaml';
import type { PackError, PathSegment } from './errors.js';
import { formatPath } from './errors.js';

/** Packs are a few hundred KiB; anything far larger is a mistake, not a pack. */
export const MAX_PACK_BYTES = 4 * 1024 * 1024;

export interface YamlSource {
  file: string;
  data: unknown;
  /** Line and column (1-based) of the node at a JSON path, or of its nearest existing parent. */
  locate(path: readonly PathSegment[], key?: string): { line: number; col: number };
  error(code: string, path: readonly PathSegment[], message: string, key?: string): PackError;
}

const YAML_CODES: Record<string, string> = {
  DUPLICATE_KEY: 'PACK_DUPLICATE_KEY',
  TAB_AS_INDENT: 'PACK_TAB',
};

/** Parses one pack file as YAML 1.2 (dates stay strings), keeping positions for errors. */
export function parseYamlSource(file: string, text: string): { source?: YamlSource; errors: PackError[] } {
  const at = (line: number, col: number, code: string, message: string): PackError =>
    ({ file, line, col, code, path: '', message });

  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_PACK_BYTES) {
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    return { errors: [at(1, 1, 'PACK_TOO_LARGE', `the file is ${mib(bytes)}; a pack holds one year and may be at most ${mib(MAX_PACK_BYTES)}`)] };
  }
  if (text.trim() === '') return { errors: [at(1, 1, 'PACK_EMPTY', 'the file is empty; a pack needs at least year, title and sources')] };

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, version: '1.2', schema: 'core', prettyErrors: false });
  const errors: PackError[] = [];
  // YAML allows tabs in some places; packs never need them, and they hide indentation mistakes.
  text.split('\n').forEach((lineText, i) => {
    const col = lineText.indexOf('\t');
    if (col < 0) return;
    const inIndent = lineText.slice(0, col).trim() === '';
    errors.push(at(i + 1, col + 1, 'PACK_TAB', inIndent ? 'tab in the indentation; indent with spaces' : 'tab character; packs use spaces only (write \\t in a double-quoted string for a tab in text)'));
  });
  const lines = text.split(/\r?\n/);
  const multilineKeys = new Set(doc.errors.filter((e) => e.code === 'MULTILINE_IMPLICIT_KEY').map((e) => e.pos[0]));
  for (const e of doc.errors) {
    if (e.code === 'TAB_AS_INDENT') continue; // reported above, once per line
    if (e.code === 'BLOCK_AS_IMPLICIT_KEY' && multilineKeys.has(e.pos[0])) continue; // the same over-indented line
    const pos = lineCounter.linePos(e.pos[0]);
    const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const explained = explainYamlError(doc, lines, lineCounter, e.code, e.pos, message);
    errors.push(explained ? { ...at(explained.line, explained.col, YAML_CODES[e.code] ?? 'PACK_YAML_SYNTAX', explained.message), path: explained.path ?? '' }
      : at(pos.line, pos.col, YAML_CODES[e.code] ?? 'PACK_YAML_SYNTAX', message));
  }
  if (errors.length > 0) return { errors };
  if (doc.contents === null) return { errors: [at(1, 1, 'PACK_EMPTY', 'the file holds only comments; a pack needs at least year, title and sources')] };
  if (!isMap(doc.contents)) {
    const pos = lineCounter.linePos(doc.contents?.range?.[0] ?? 0);
    return { errors: [at(pos.line, pos.col, 'PACK_TYPE', 'a pack must be a mapping of keys (year, title, sources, …)')] };
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // The yaml library refuses alias expansions that would blow up (a "billion laughs" file).
    return { errors: [at(1, 1, 'PACK_YAML_ALIASES', `the file cannot be expanded: ${(e as Error).message}; packs do not need anchors that refer to anchors`)] };
  }
  const locate = (path: readonly PathSegment[], key?: string) => nodePosition(doc, lineCounter, path, key);
  const source: YamlSource = {
    file,
    data,
    locate,
    error(code, path, message, key) {
      const { line, col } = locate(path, key);
      return { file, line, col, code, path: formatPath(key === undefined ? path : [...path, key]), message };
    },
  };
  return { source, errors };
}

function nodePosition(doc: Document, lc: LineCounter, path: readonly PathSegment[], key?: string) {
  // The deepest node that exists: a missing child points at its parent.
  let node: Node | null | undefined;
  for (let depth = path.length; depth >= 0 && !node; depth--) {
    node = depth === 0 ? doc.contents : (doc.getIn(path.slice(0, depth), true) as Node | undefined);
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key)) node = pair.key;
  }
  return lc.linePos(node?.range?.[0] ?? 0);
}

/**
 * The yaml library's messages say what the parser met, not what the writer meant; for the
 * mistakes people make in packs, say what is wrong and what was expected, and where it starts.
 */
function explainYamlError(doc: Document, lines: string[], lc: LineCounter, code: string, pos: [number, number], message: string):
  { line: number; col: number; message: string; path?: string } | undefined {
  const here = lc.linePos(pos[0]);
  const indentOf = (line: number) => (lines[line - 1] ?? '').search(/\S/);
  const previousLine = (line: number) => {
    let l = line - 1;
    while (l >= 1 && /^\s*(#.*)?$/.test(lines[l - 1])) l--;
    return l;
  };

  if (code === 'DUPLICATE_KEY') {
    // The second occurrence: name the key and where it was first set.
    let found: { key: string; first: number; path: string } | undefined;
    visit(doc, {
      Map(_, map, path) {
        const dup = map.items.find((p) => isScalar(p.key) && p.key.range?.[0] === pos[0]);
        if (!dup || !isScalar(dup.key)) return;
        const first = map.items.find((p) => isScalar(p.key) && p.key.value === (dup.key as { value: unknown }).value);
        found = {
          key: String(dup.key.value),
          first: lc.linePos((first?.key as Node | undefined)?.range?.[0] ?? pos[0]).line,
          path: pairPath([...path, map]),
        };
        return visit.BREAK;
      },
    });
    if (found) {
      const full = found.path ? `${found.path}.${found.key}` : found.key;
      return { ...here, path: full, message: `duplicate key '${found.key}': it is already set on line ${found.first}; a key may appear once per mapping` };
    }
  }

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

/** The JSON path of the last of visit()'s ancestors (the map itself included). */
function pairPath(ancestors: readonly unknown[]): string {
  const segs: (string | number)[] = [];
  ancestors.forEach((node, i) => {
    if (isPair(node) && isScalar((node as Pair).key)) segs.push(String(((node as Pair).key as { value: unknown }).value));
    else if (isCollection(node) && !isMap(node)) {
      const child = ancestors[i + 1];
      const index = node.items.indexOf(child as never);
      if (index >= 0) segs.push(index);
    }
  });
  return formatPath(segs);
}
