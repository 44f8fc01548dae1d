// The parts of a pack that pass its schema, so that the content checks (materialize.ts) run in
// the same round as the schema errors: one validation shows both. A part with a schema error
// (an activity entry, a rule, a parameter, a subcategory, an MVP, a source) is left out, and a
// content error that names a part left out is dropped: it may be only the echo of that error.
// Linear in the pack and the problems.
import type { PackSource } from '../types.js';
import type { PathSegment } from './errors.js';
import type { SchemaProblem } from './schema.js';

const LIST_SECTIONS = new Set(['activities', 'added', 'removed', 'modified', 'suspended']);
const KEYED_SECTIONS = new Set(['rules', 'subcategories', 'mvps', 'sources']);

export interface ValidParts {
  src: PackSource;
  /** Whether a content error's message names a part left out. */
  namesLeftOut: (message: string) => boolean;
}

/**
 * The pack without the parts its schema problems are in; undefined when a problem is in what
 * every check reads (year, extends, the shape of a whole section).
 */
export function validParts(data: unknown, problems: readonly SchemaProblem[]): ValidParts | undefined {
  const src = structuredClone(data) as Record<string, unknown>;
  const names = new Set<string>(); // IDs, rule, subcategory and parameter names (a group names those under it) of the parts left out
  for (const p of problems) {
    const unit = unitOf(src, p.key === undefined ? p.path : [...p.path, p.key]);
    if (!unit) return undefined;
    const parent = valueAt(src, unit.slice(0, -1));
    const last = unit.at(-1)!;
    if (parent === null || typeof parent !== 'object') continue; // already left out
    const node = (parent as Record<PathSegment, unknown>)[last];
    if (unit[0] === 'inventory') {
      const id = typeof node === 'string' ? node : (node as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') names.add(id);
    } else if (unit[0] === 'parameters') names.add(unit.slice(1).join('.'));
    else names.add(String(last));
    // An array keeps its indices (a hole, skipped by forEach), so that every other error keeps its place.
    delete (parent as Record<PathSegment, unknown>)[last];
  }
  // A word names a part left out when it, or a dotted prefix of it (points of points.standard), is one.
  const namesLeftOut = (message: string) =>
    message.split(/[^\w.-]+/).some((word) => {
      const segments = word.replace(/\.+$/, '').split('.');
      return segments.some((_, i) => names.has(segments.slice(0, i + 1).join('.')));
    });
  return { src: src as unknown as PackSource, namesLeftOut };
}

/** The part a problem at `path` is in, or undefined when no part can be left out alone. */
function unitOf(data: unknown, path: readonly PathSegment[]): PathSegment[] | undefined {
  const [top, second] = path;
  if (top === undefined || top === 'year' || top === 'extends') return undefined;
  if (top === 'inventory') {
    if (second === 'allActivities') return ['inventory', 'allActivities'];
    if (LIST_SECTIONS.has(String(second)) && typeof path[2] === 'number') return path.slice(0, 3);
    // An unknown section of the inventory: that key alone; a whole section of the wrong shape: nothing to check.
    return path.length === 2 && !LIST_SECTIONS.has(String(second)) ? path.slice(0, 2) : undefined;
  }
  if (KEYED_SECTIONS.has(String(top))) return path.length >= 2 ? path.slice(0, 2) : undefined;
  if (top === 'parameters') {
    // The parameter: the first object on the path that holds a value (or the path, for a name that is no parameter).
    for (let n = 2; n <= path.length; n++) {
      const node = valueAt(data, path.slice(0, n));
      if (node !== null && typeof node === 'object' && 'value' in node) return path.slice(0, n);
    }
    return path.length >= 2 ? [...path] : undefined;
  }
  return path.length === 1 ? [...path] : undefined; // an unknown top-level key, or a missing title or sources
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let node = data;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PathSegment, unknown>)[seg];
  }
  return node;
}
