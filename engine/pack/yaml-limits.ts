// Bounds on a YAML text, checked before it is composed into a document: the text is untrusted
// (a pack posted to the service), and the yaml library's parser and composer take time and
// stack depth that grow faster than the input in some shapes (deep flow nesting, long compact
// chains). Each check here is one pass, linear in the input.
import { CST, Lexer, Parser } from 'yaml';

export interface YamlLimits {
  /** Bytes of UTF-8. */
  bytes: number;
  /** Scalars, aliases and collections. */
  nodes: number;
  /** Entries of one mapping. */
  keysPerMap: number;
  /** Collections inside collections. */
  depth: number;
  /** Alias nodes (*name); their expansion is bounded apart, when the document becomes data. */
  aliases: number;
}

/** Far above what a pack needs (the bundled packs: at most about 2,000 nodes, 8 levels, 30 keys in a mapping, 2 aliases). */
export const PACK_LIMITS: YamlLimits = {
  bytes: 4 * 1024 * 1024,
  nodes: 50_000,
  keysPerMap: 1_000,
  depth: 32,
  aliases: 100,
};

export interface LimitBreach {
  /** Offset in the text where the limit was passed. */
  offset: number;
  code: 'PACK_TOO_LARGE' | 'PACK_TOO_DEEP' | 'PACK_TOO_MANY_NODES' | 'PACK_TOO_MANY_KEYS' | 'PACK_TOO_MANY_ALIASES';
  message: string;
}

/**
 * The CST of the text (the parser's tokens), or the first limit it passes. The lexer's tokens
 * come first, before the parser runs: they give a nesting depth (flow brackets, and block
 * indicators on one line) and a count of values and aliases that can only fall short of the
 * real ones; the CST then gives the exact nodes, keys per mapping, depth and aliases.
 */
export function boundedCst(text: string, limits: YamlLimits, onNewLine?: (offset: number) => void): { tokens: CST.Token[] } | { breach: LimitBreach } {
  const early = checkTokens(text, limits);
  if (early) return { breach: early };
  const tokens = [...new Parser(onNewLine).parse(text)];
  const breach = checkTree(tokens, limits);
  return breach ? { breach } : { tokens };
}

const tooDeep = (offset: number, depth: number): LimitBreach => ({
  offset,
  code: 'PACK_TOO_DEEP',
  message: `the YAML nests deeper than ${depth} levels; a pack needs far fewer`,
});

const tooManyNodes = (offset: number, max: number): LimitBreach => ({ offset, code: 'PACK_TOO_MANY_NODES', message: `more than ${max} values; a pack has far fewer` });
const tooManyAliases = (offset: number, max: number): LimitBreach => ({ offset, code: 'PACK_TOO_MANY_ALIASES', message: `more than ${max} aliases (*name); a pack needs few, if any` });

/** Values (scalars, aliases, flow collections) and nesting (flow brackets; - ? : on one line), from the lexer's tokens. */
function checkTokens(text: string, limits: YamlLimits): LimitBreach | undefined {
  let flow = 0;
  let onLine = 0;
  let nodes = 0;
  let aliases = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'flow-seq-start' || type === 'flow-map-start') {
      flow++;
      nodes++;
    } else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
    else if (type === 'newline') onLine = 0;
    else if (flow === 0 && (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind')) onLine++;
    else if (type === 'scalar' || type === 'single-quoted-scalar' || type === 'double-quoted-scalar' || type === 'block-scalar-header') nodes++;
    else if (type === 'alias') {
      nodes++;
      if (++aliases > limits.aliases) return tooManyAliases(offset, limits.aliases);
    }
    if (flow > limits.depth || onLine > limits.depth) return tooDeep(offset, limits.depth);
    if (nodes > limits.nodes) return tooManyNodes(offset, limits.nodes);
    // The lexer's control tokens (document and scalar markers) are not in the text.
    if (type !== 'doc-mode' && type !== 'scalar' && type !== 'flow-error-end') offset += token.length;
  }
  return undefined;
}

/** The exact counts, walking the CST with a stack of its own (no recursion). */
function checkTree(tokens: readonly CST.Token[], limits: YamlLimits): LimitBreach | undefined {
  let nodes = 0;
  let aliases = 0;
  const stack: { token: CST.Token; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    switch (token.type) {
      case 'document':
        if (token.value) stack.push({ token: token.value, depth });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth >= limits.depth) return tooDeep(token.offset, limits.depth);
        const isMap = token.type === 'block-map' || (token.type === 'flow-collection' && token.start.source === '{');
        if (isMap && token.items.length > limits.keysPerMap) {
          return { offset: token.offset, code: 'PACK_TOO_MANY_KEYS', message: `a mapping of ${token.items.length} keys; at most ${limits.keysPerMap} in one mapping` };
        }
        nodes++;
        for (const item of token.items) {
          if (item.key) stack.push({ token: item.key, depth: depth + 1 });
          if (item.value) stack.push({ token: item.value, depth: depth + 1 });
        }
        break;
      }
      case 'alias':
        if (++aliases > limits.aliases) return tooManyAliases(token.offset, limits.aliases);
        nodes++;
        break;
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        nodes++;
        break;
      default:
        break;
    }
    if (nodes > limits.nodes) return tooManyNodes(token.offset, limits.nodes);
  }
  return undefined;
}
