// Request bodies: the content type checked first (415), the size bounded while reading (413),
// then JSON parsed only if it is shallow enough, and refused if it names __proto__,
// constructor or prototype anywhere (400). Bodies are untrusted: each check is linear.
// A request is admitted to the in-flight limit (`admit`) only once its body has arrived, so a
// client that sends its body slowly holds a connection, not a slot.
import { isUtf8 } from 'node:buffer';
import express, { type Request, type RequestHandler } from 'express';
import { inSequence } from './in-sequence.js';
import { problem } from './problem.js';

/** Deeper than any submission needs (the QPP body is 5 levels); 10,000 levels is an attack. */
export const MAX_JSON_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const JSON_TYPES = ['application/json', 'application/*+json'];
/** The YAML media types; not text/plain, which a web page may send anywhere without a CORS preflight. */
export const YAML_TYPES = ['application/yaml', 'text/yaml', 'application/x-yaml', 'text/x-yaml'];

const pass: RequestHandler = (_req, _res, next) => next();

export function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

/** 415 unless the content type is one of these (charset, if given, UTF-8). */
function requireContentType(types: readonly string[], what: string, emptyAllowed = false): RequestHandler {
  return (req, _res, next) => {
    if (!hasBody(req)) {
      if (emptyAllowed) return next();
      return next(problem('invalid-request', `the request has no body; send ${what} (Content-Type: ${types[0]})`));
    }
    const type = req.headers['content-type'];
    if (!type || !req.is(types as string[])) {
      return next(problem('unsupported-media-type', `Content-Type ${type ? `'${type.slice(0, 100)}'` : 'missing'}; expected ${types.join(', ')}`));
    }
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1];
    if (charset && !/^utf-?8$/i.test(charset)) return next(problem('unsupported-media-type', `charset ${charset.slice(0, 40)}; send UTF-8`));
    next();
  };
}

function decode(req: Request): string {
  const buf = req.body as Buffer | undefined;
  if (!buf) return '';
  if (!isUtf8(buf)) throw problem('invalid-request', 'the body is not valid UTF-8');
  return buf.toString('utf8');
}

/** JSON text as a value: shallow enough, valid, and without prototype keys; or a 400 problem. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') throw problem('invalid-json', 'the body is empty; expected a JSON object');
  const depth = maxDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    throw problem('invalid-json', `the JSON nests ${depth > 10 * MAX_JSON_DEPTH ? 'far ' : ''}deeper than ${MAX_JSON_DEPTH} levels`, {
      errors: [{ path: '', code: 'JSON_TOO_DEEP', message: `at most ${MAX_JSON_DEPTH} levels of arrays and objects` }],
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw problem('invalid-json', `the body is not valid JSON: ${syntaxErrorAt(text)}`, {
      errors: [{ path: '', code: 'JSON_SYNTAX', message: syntaxErrorAt(text) }],
    });
  }
  const forbidden = findForbiddenKey(value);
  if (forbidden) {
    throw problem('invalid-json', `the key '${forbidden.key}' is not accepted anywhere in a body`, {
      errors: [{ path: forbidden.path, code: 'JSON_FORBIDDEN_KEY', message: `'${forbidden.key}' is reserved (prototype pollution); rename or remove it` }],
    });
  }
  return value;
}

/**
 * Where the JSON stops being valid, in our words (the runtime's message differs between Node
 * versions): the line and column of the first character that cannot continue the text, found by
 * parsing ever longer prefixes would be quadratic, so this scans once for the usual mistakes.
 */
function syntaxErrorAt(text: string): string {
  const end = jsonSyntaxEnd(text);
  if (end >= text.length) return 'it ends before the JSON is complete (an unclosed string, array or object?)';
  const before = text.slice(0, end);
  const line = before.split('\n').length;
  const col = end - before.lastIndexOf('\n');
  const c = text[end];
  return `unexpected ${JSON.stringify(c)} at line ${line}, column ${col}`;
}

/** The offset of the first character that is not valid JSON (a small scanner: values, strings, numbers, literals). */
function jsonSyntaxEnd(text: string): number {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  // A stack of what is open: '{' expects a key, ':' a value after a key, '[' a value, ',' after a value.
  type Frame = { kind: '{' | '['; state: 'key' | 'colon' | 'value' | 'comma' | 'first' };
  const stack: Frame[] = [];
  const value = (): boolean => {
    ws();
    const c = text[i];
    if (c === '"') return str();
    if (c === '{' || c === '[') {
      stack.push({ kind: c, state: 'first' });
      i++;
      return true;
    }
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  const str = (): boolean => {
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) { i++; return true; }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) { i++; return false; } i += 6; continue; }
        if (!e || !'"\\/bfnrt'.includes(e)) { i++; return false; }
        i += 2;
        continue;
      }
      i++;
    }
    return false;
  };
  if (!value()) return i;
  for (;;) {
    ws();
    const top = stack.at(-1);
    if (!top) return i;
    const c = text[i];
    if (top.kind === '{') {
      if ((top.state === 'first' && c === '}') || (top.state === 'comma' && c === '}')) { stack.pop(); i++; continue; }
      if (top.state === 'first' || top.state === 'key') {
        if (c !== '"' || !str()) return i;
        top.state = 'colon';
      } else if (top.state === 'colon') {
        if (c !== ':') return i;
        i++;
        top.state = 'comma';
        if (!value()) return i;
      } else if (c === ',') { i++; top.state = 'key'; } else return i;
    } else {
      if ((top.state === 'first' || top.state === 'comma') && c === ']') { stack.pop(); i++; continue; }
      if (top.state === 'first' || top.state === 'value') {
        top.state = 'comma';
        if (!value()) return i;
      } else if (c === ',') { i++; top.state = 'value'; } else return i;
    }
  }
}

/** Reads a body of one of types, bounded by limit bytes (after decompression), as parse makes it; then admits the request. */
function bodyReader(types: readonly string[], what: string, limit: number, admit: RequestHandler, parse: (text: string) => unknown, emptyAllowed = false): RequestHandler {
  return inSequence(
    requireContentType(types, what, emptyAllowed),
    express.raw({ type: () => true, limit }),
    (req, _res, next) => {
      req.body = parse(decode(req));
      next();
    },
    admit,
  );
}

/** A JSON body, parsed into req.body. */
export const jsonBody = (limit: number, admit: RequestHandler = pass) => bodyReader(JSON_TYPES, 'a JSON body', limit, admit, parseJson);

/** A JSON body as its text in req.body, to be parsed elsewhere (on a worker thread). */
export const jsonText = (limit: number, admit: RequestHandler = pass) => bodyReader(JSON_TYPES, 'a JSON body', limit, admit, (text) => text);

/** A YAML body (a pack) as its text in req.body; no body at all is the empty string. */
export const yamlBody = (limit: number, admit: RequestHandler = pass) => bodyReader(YAML_TYPES, 'the pack as YAML text', limit, admit, (text) => text, true);

/** QRDA Category III documents: XML content types. */
export const XML_TYPES = ['application/xml', 'text/xml', 'application/*+xml'];

/** An XML body (a QRDA III document) as its text in req.body, to be parsed on a worker thread. */
export const xmlBody = (limit: number, admit: RequestHandler = pass) => bodyReader(XML_TYPES, 'a QRDA Category III document as XML', limit, admit, (text) => text);

/** The deepest nesting of arrays and objects, scanning once and skipping strings. */
export function maxDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** The first forbidden key and its JSON path (the depth is already bounded). */
function findForbiddenKey(value: unknown): { key: string; path: string } | undefined {
  const trail = forbiddenKeyTrail(value);
  if (!trail) return undefined;
  const path = trail.reverse().map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  return { key: trail.at(-1) as string, path };
}

/** The keys and indexes down to a forbidden key, innermost first; built only when one is found. */
function forbiddenKeyTrail(value: unknown): (string | number)[] | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const trail = forbiddenKeyTrail(value[i]);
      if (trail) return [...trail, i];
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key in value) {
      if (FORBIDDEN_KEYS.has(key)) return [key];
      const trail = forbiddenKeyTrail((value as Record<string, unknown>)[key]);
      if (trail) return [...trail, key];
    }
  }
  return undefined;
}
