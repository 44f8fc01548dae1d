import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
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

  if (Buffer.byteLength(text) > MAX_PACK_BYTES) {
    return { errors: [at(1, 1, 'PACK_TOO_LARGE', `the file is larger than ${MAX_PACK_BYTES} bytes; a pack holds one year`)] };
  }
  if (text.trim() === '') return { errors: [at(1, 1, 'PACK_EMPTY', 'the file is empty; a pack needs at least year, title and sources')] };

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, version: '1.2', schema: 'core', prettyErrors: false });
  const errors: PackError[] = [];
  // YAML allows tabs in some places; packs never need them, and they hide indentation mistakes.
  text.split('\n').forEach((lineText, i) => {
    const col = lineText.indexOf('\t');
    if (col >= 0) errors.push(at(i + 1, col + 1, 'PACK_TAB', 'tab character; indent with spaces'));
  });
  for (const e of doc.errors) {
    if (e.code === 'TAB_AS_INDENT') continue; // reported above, once per line
    const pos = lineCounter.linePos(e.pos[0]);
    const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    errors.push(at(pos.line, pos.col, YAML_CODES[e.code] ?? 'PACK_YAML_SYNTAX', message));
  }
  if (errors.length > 0) return { errors };
  if (!isMap(doc.contents)) {
    const pos = lineCounter.linePos(doc.contents?.range?.[0] ?? 0);
    return { errors: [at(pos.line, pos.col, 'PACK_TYPE', 'a pack must be a mapping of keys (year, title, sources, …)')] };
  }

  const locate = (path: readonly PathSegment[], key?: string) => nodePosition(doc, lineCounter, path, key);
  const source: YamlSource = {
    file,
    data: doc.toJS({ maxAliasCount: 100 }),
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
