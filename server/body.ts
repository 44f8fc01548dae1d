// Request bodies: the content type checked first (415), the size bounded while reading (413),
// then JSON parsed only if it is shallow enough, and refused if it names __proto__,
// constructor or prototype anywhere (400). Bodies are untrusted: each check is linear.
import { isUtf8 } from 'node:buffer';
import express, { type Request, type RequestHandler } from 'express';
import { inSequence } from './in-sequence.js';
import { problem } from './problem.js';

/** Deeper than any submission needs (the QPP body is 5 levels); 10,000 levels is an attack. */
export const MAX_JSON_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const JSON_TYPES = ['application/json', 'application/*+json'];
export const YAML_TYPES = ['text/yaml', 'application/yaml', 'application/x-yaml', 'text/x-yaml', 'text/plain'];

function hasBody(req: Request): boolean {
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

/** Reads a JSON body into req.body, bounded by limit bytes (after decompression). */
export function jsonBody(limit: number): RequestHandler {
  return inSequence(
    requireContentType(JSON_TYPES, 'a JSON body'),
    express.raw({ type: () => true, limit }),
    (req, _res, next) => {
      const text = decode(req);
      if (text.trim() === '') return next(problem('invalid-json', 'the body is empty; expected a JSON object'));
      const depth = maxDepth(text);
      if (depth > MAX_JSON_DEPTH) {
        return next(problem('invalid-json', `the JSON nests ${depth > 10 * MAX_JSON_DEPTH ? 'far ' : ''}deeper than ${MAX_JSON_DEPTH} levels`, {
          errors: [{ path: '', code: 'JSON_TOO_DEEP', message: `at most ${MAX_JSON_DEPTH} levels of arrays and objects` }],
        }));
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        const message = (e as Error).message;
        return next(problem('invalid-json', `the body is not valid JSON: ${message.length > 200 ? `${message.slice(0, 200)}…` : message}`, {
          errors: [{ path: '', code: 'JSON_SYNTAX', message: message.slice(0, 200) }],
        }));
      }
      const forbidden = findForbiddenKey(value);
      if (forbidden) {
        return next(problem('invalid-json', `the key '${forbidden.key}' is not accepted anywhere in a body`, {
          errors: [{ path: forbidden.path, code: 'JSON_FORBIDDEN_KEY', message: `'${forbidden.key}' is reserved (prototype pollution); rename or remove it` }],
        }));
      }
      req.body = value;
      next();
    },
  );
}

/** Reads a text body (a YAML pack) into req.body as a string; no body at all is the empty string. */
export function textBody(limit: number, types: readonly string[] = YAML_TYPES): RequestHandler {
  return inSequence(
    requireContentType(types, 'the pack as YAML text', true),
    express.raw({ type: () => true, limit }),
    (req, _res, next) => {
      req.body = decode(req);
      next();
    },
  );
}

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
