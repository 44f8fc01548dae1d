// The YAML mistakes of a pack in our words: one problem per mistake, at the line to fix, saying
// what to change. The yaml library reports symptoms: after a misplaced line it reports most of
// the lines that follow, and its messages name what the parser met, not what the author meant.
// Everything here is linear in the text (the errors sorted once, each line looked at a bounded
// number of times); explaining an error is done only for those listed (the caller's `add`).
import { isCollection, isScalar, visit, type Document, type LineCounter, type Node, type Scalar, type YAMLError } from 'yaml';

export interface YamlProblem {
  line: number;
  col: number;
  code: string;
  message: string;
}

/**
 * The yaml library's error codes in our words: its messages say what the parser met, in its own
 * terms; these say what is wrong in a pack. Those explained from context are in `explain`.
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
  TAG_RESOLVE_FAILED: 'a tag (!name) that the YAML 1.2 core schema does not know; packs need none',
  UNEXPECTED_TOKEN: 'unexpected text here; a value may be missing a colon, a dash or quotes',
};

export const MULTIPLE_DOCS_MESSAGE = YAML_MESSAGES.MULTIPLE_DOCS;

const TAB_FIX = 'YAML indentation must be spaces; replace the tab with spaces, so that the line starts at the column of the keys it belongs with';

/**
 * Tabs. A tab in the indentation makes the rest of the parse a guess (the library then reports
 * lines that are fine, and duplicate keys that are not there): it is the one problem reported,
 * at the first such line, naming the others. Any other tab is one problem per line.
 */
export function tabProblems(text: string): { inIndent: boolean; problems: YamlProblem[] } {
  const indentTabs: { line: number; col: number }[] = [];
  const otherTabs: YamlProblem[] = [];
  let lineStart = 0;
  for (let line = 1; lineStart <= text.length; line++) {
    const end = text.indexOf('\n', lineStart);
    const lineEnd = end < 0 ? text.length : end;
    const tab = text.indexOf('\t', lineStart);
    if (tab >= 0 && tab < lineEnd) {
      const col = tab - lineStart + 1;
      if (text.slice(lineStart, tab).trim() === '') indentTabs.push({ line, col });
      else otherTabs.push({ line, col, code: 'PACK_TAB', message: 'tab character; packs use spaces only (write \\t in a double-quoted string for a tab in text)' });
    }
    if (end < 0) break;
    lineStart = end + 1;
  }
  if (indentTabs.length === 0) return { inIndent: false, problems: otherTabs };
  const [first, ...rest] = indentTabs;
  const shown = rest.slice(0, 5).map((t) => t.line);
  const others = rest.length === 0 ? ''
    : ` (line${rest.length === 1 ? '' : 's'} ${shown.join(', ')}${rest.length > shown.length ? ` and ${rest.length - shown.length} more` : ''} too)`;
  return { inIndent: true, problems: [{ ...first, code: 'PACK_TAB', message: `tab in the indentation: ${TAB_FIX}${others}` }] };
}

/** A line as its indentation reads it: where it starts, where its key starts (after any "- "), whether it opens a block. */
interface LineShape {
  indent: number;
  keyCol: number;
  /** Ends with a key's colon and no value ("key:"), or is a lone "-": the lines after it belong to it. */
  opens: boolean;
  /** The key, when the line starts with one. */
  key?: string;
}

function shapeOf(line: string): LineShape {
  const lead = /^( *)((?:- +)*)/.exec(line)!;
  const rest = line.slice(lead[0].length);
  const key = /^([^\s:#'"{[][^:#]*?):(?:\s|$)/.exec(rest)?.[1];
  return { indent: lead[1].length, keyCol: lead[0].length, opens: /:\s*(#.*)?$/.test(rest) || /^-\s*$/.test(line.trim()), key };
}

const isContent = (line: string | undefined) => line !== undefined && !/^\s*(#.*)?$/.test(line);

/** The library's errors that follow from a line at the wrong indentation. */
function isIndentation(e: YAMLError): boolean {
  return (e.code === 'BAD_INDENT' && e.message.startsWith('All mapping items'))
    || e.code === 'MULTILINE_IMPLICIT_KEY'
    || (e.code === 'BLOCK_AS_IMPLICIT_KEY' && !isColonInValue(e))
    || (e.code === 'MISSING_CHAR' && e.message.startsWith('Sequence item without'));
}

/** A plain value holding ": " on one line: YAML reads the rest as a mapping nested in the value. */
function isColonInValue(e: YAMLError): boolean {
  return (e.code === 'BLOCK_AS_IMPLICIT_KEY' && e.message.startsWith('Nested mappings')) || e.code === 'BLOCK_IN_FLOW';
}

/**
 * The library's errors, one problem per mistake. An indentation mistake is explained at the
 * line to move, and the errors the library reports after it on the lines it displaced (those
 * deeper than where the mistake sits, up to the next line back at that level) are left out.
 */
export function syntaxProblems(doc: Document.Parsed, text: string, lc: LineCounter, add: (make: () => YamlProblem) => void): void {
  const lines = text.split(/\r?\n/);
  const lineOf = (offset: number) => lc.linePos(offset).line || 1;
  // previous[l]: the content line before line l (0 if none), for every line, in one pass.
  const previous = new Int32Array(lines.length + 2);
  for (let l = 1, last = 0; l <= lines.length + 1; l++) {
    previous[l] = last;
    if (isContent(lines[l - 1])) last = l;
  }
  const shape = (line: number) => shapeOf(lines[line - 1] ?? '');
  const ctx: Context = { doc, lines, lc, previous, shape };

  const multilineKeys = new Set(doc.errors.filter((e) => e.code === 'MULTILINE_IMPLICIT_KEY').map((e) => e.pos[0]));
  const errors = doc.errors.filter((e) => e.code !== 'TAB_AS_INDENT' && !(e.code === 'BLOCK_AS_IMPLICIT_KEY' && multilineKeys.has(e.pos[0])));
  errors.sort((a, b) => a.pos[0] - b.pos[0]);
  let skipThrough = 0; // the last line of the lines a reported indentation mistake displaced
  for (const e of errors) {
    const line = lineOf(e.pos[0]);
    if (line <= skipThrough) continue;
    if (!isIndentation(e)) {
      add(() => explainOther(ctx, e) ?? generic(lc, e));
      continue;
    }
    const mistake = locateIndentation(ctx, e);
    const base = mistake ? Math.min(mistake.indent, mistake.expected) : shape(line).indent;
    skipThrough = Math.max(line, displacedThrough(lines, mistake?.line ?? line, base));
    add(() => (mistake ? indentationProblem(mistake) : generic(lc, e)));
  }
}

interface Context {
  doc: Document.Parsed;
  lines: string[];
  lc: LineCounter;
  previous: Int32Array;
  shape: (line: number) => LineShape;
}

function generic(lc: LineCounter, e: YAMLError): YamlProblem {
  const { line, col } = lc.linePos(e.pos[0]);
  return { line: line || 1, col: line ? col : e.pos[0] + 1, code: 'PACK_YAML_SYNTAX', message: YAML_MESSAGES[e.code] ?? 'the YAML cannot be read here' };
}

/** The last line of the run after `from` indented deeper than `base` (blank lines and comments included). */
function displacedThrough(lines: string[], from: number, base: number): number {
  let last = from;
  for (let l = from + 1; l <= lines.length; l++) {
    const text = lines[l - 1];
    if (!isContent(text)) continue;
    if (shapeOf(text).indent <= base) break;
    last = l;
  }
  return last;
}

/** A line the lines after it are misread from (at the wrong column, a "-" with no space, a key with no colon): where, how deep, how deep it should be, and what to do. */
interface Mistake {
  line: number;
  indent: number;
  expected: number;
  message: string;
}

const spaces = (n: number) => `${n} space${n === 1 ? '' : 's'}`;

function indentationProblem(m: Mistake): YamlProblem {
  return { line: m.line, col: m.indent + 1, code: 'PACK_YAML_SYNTAX', message: m.message };
}

/** Which line is misplaced, from the line the library stopped at and the two content lines before it. */
function locateIndentation(ctx: Context, e: YAMLError): Mistake | undefined {
  const { lc, lines, previous, shape } = ctx;
  const start = lc.linePos(e.pos[0]).line;
  const end = lc.linePos(e.pos[1]).line;

  if (e.code === 'MULTILINE_IMPLICIT_KEY') {
    // Line `end` is deeper than the content line before it, whose value is already given.
    const p = previous[end];
    if (end <= start || p === 0) return undefined;
    const here = shape(end);
    const before = shape(p);
    const text = lines[p - 1];
    if (/^\s*-[^\s-]/.test(text)) {
      // "-id: X" is a key "-id", not a list item: the lines under it then look over-indented.
      return { line: p, indent: before.indent, expected: before.indent, message: `a list item needs a space after its "-": write ${JSON.stringify(`- ${text.trim().slice(1)}`)}` };
    }
    const word = /^\s*([\w.-]+)\s*$/.exec(text)?.[1];
    if (word !== undefined) {
      return { line: p, indent: before.indent, expected: before.indent, message: `'${word}' has no colon: a key is followed by ":" (${word}:), then its value or, on the lines below, what it holds` };
    }
    if (here.indent <= before.indent) return undefined;
    const pp = previous[p];
    const above = pp ? shape(pp) : undefined;
    if (above?.opens && before.indent <= above.indent && here.indent > above.indent) {
      // `above` opens a block that `before` was meant to start, but `before` is not indented under it.
      return {
        line: p, indent: before.indent, expected: here.indent,
        message: `bad indentation: this key is indented ${spaces(before.indent)}, level with ${above.key ?? 'the key'} on line ${pp}, which is left without a value, `
          + `while line ${end} below is indented ${here.indent} as if under it; indent this key ${spaces(here.indent)}, like line ${end}`,
      };
    }
    if (above && !above.opens && here.indent === above.keyCol && before.indent < above.keyCol) {
      // The lines on either side agree; the one between them is out of line.
      return {
        line: p, indent: before.indent, expected: above.keyCol,
        message: `bad indentation: this key is indented ${spaces(before.indent)}, but the keys around it (lines ${pp} and ${end}) are indented ${above.keyCol}; indent it ${spaces(above.keyCol)}`,
      };
    }
    return {
      line: end, indent: here.indent, expected: before.keyCol,
      message: `bad indentation: this line is indented ${spaces(here.indent)}, deeper than line ${p}, whose value is already given; indent it ${spaces(before.keyCol)}, like line ${p}`,
    };
  }

  // A key at no column of the mappings around it (BAD_INDENT, or a line inside a list's item taken for an item).
  const p = previous[start];
  if (p === 0) return undefined;
  const here = shape(start);
  const before = shape(p);
  if (/^\s*-(\s|$)/.test(lines[start - 1])) return misplacedItem(ctx, start, here.indent);
  if (before.key === undefined && !before.opens) return undefined; // after a list item that is no mapping: no key column to give
  const expected = before.opens ? undefined : before.keyCol;
  if (expected === undefined || expected === here.indent) return undefined;
  return {
    line: start, indent: here.indent, expected,
    message: `bad indentation: this key is indented ${spaces(here.indent)}, but the keys of the mapping above it are indented ${expected} (line ${p}); `
      + `items of one mapping start at the same column: indent it ${spaces(expected)}`,
  };
}

/** A list item ("- …") at the wrong column: the column of the list's items above it (looking back a few lines only). */
function misplacedItem(ctx: Context, line: number, indent: number): Mistake | undefined {
  let l = ctx.previous[line];
  for (let looked = 0; l > 0 && looked < 50; looked++, l = ctx.previous[l]) {
    if (!/^\s*-(\s|$)/.test(ctx.lines[l - 1])) continue;
    const expected = ctx.shape(l).indent;
    if (expected === indent) return undefined;
    return {
      line, indent, expected,
      message: `bad indentation: this list item is indented ${spaces(indent)}, but the items of the list above it are indented ${expected} (line ${l}); indent it ${spaces(expected)}`,
    };
  }
  return undefined;
}

/** The library's other errors that context explains: a colon in a plain value, an unclosed bracket. */
function explainOther(ctx: Context, e: YAMLError): YamlProblem | undefined {
  const { lc, lines } = ctx;
  const here = lc.linePos(e.pos[0]);
  const message = e.message.split('\n')[0];

  if (isColonInValue(e) && lc.linePos(e.pos[1]).line === here.line) {
    const text = lines[here.line - 1] ?? '';
    const before = text.slice(0, here.col - 1);
    const inFlow = e.code === 'BLOCK_IN_FLOW';
    const value = text.slice(here.col - 1).replace(inFlow ? /\s*[,}\]].*$/ : /\s+#.*$/, '').trimEnd();
    if (value.includes(': ')) {
      const key = /([^\s{,:]+):\s*$/.exec(before)?.[1];
      const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
      const fix = `${key ? `${key}: ` : ''}${JSON.stringify(shown)}`;
      return {
        line: here.line, col: here.col, code: 'PACK_YAML_SYNTAX',
        message: `the value ${key ? `of ${key} ` : ''}contains ": ", which YAML reads as a key inside the value; a value containing ": " must be quoted: write ${fix}`,
      };
    }
  }

  if (e.code === 'MISSING_CHAR' && /^Missing closing .?quote/.test(message)) {
    // The parser notices at the end of the file; point at the quote that opens the string never closed.
    let open: Node | undefined;
    visit(ctx.doc, (_, node) => {
      if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range && node.range[0] < e.pos[0]) {
        if (!open || node.range[0] > open.range![0]) open = node;
      }
    });
    if (open?.range) {
      const start = lc.linePos(open.range[0]);
      const quote = (open as Scalar).type === 'QUOTE_DOUBLE' ? '"' : "'";
      return { ...start, code: 'PACK_YAML_SYNTAX', message: `unclosed quote: the string that starts here with ${quote} runs on to line ${here.line}; end it with ${quote} on the line it starts` };
    }
  }

  if (e.code === 'BAD_INDENT' && /^Flow (sequence|map)/.test(message)) {
    // The parser notices an unclosed [ or { only at the next line; point at the bracket that is never closed.
    const close = message.startsWith('Flow sequence') ? ']' : '}';
    let open: Node | undefined;
    visit(ctx.doc, (_, node) => {
      if (isCollection(node) && node.flow && node.range && node.range[0] < e.pos[0]) {
        if (!open || node.range[0] > open.range![0]) open = node;
      }
    });
    const start = open?.range ? lc.linePos(open.range[0]) : here;
    return {
      ...start, code: 'PACK_YAML_SYNTAX',
      message: `unclosed ${close === ']' ? '[' : '{'}: expected ${close} before line ${here.line} (a flow ${close === ']' ? 'sequence' : 'mapping'} ends on the line it starts, or continues on lines indented deeper than its key)`,
    };
  }
  return undefined;
}
