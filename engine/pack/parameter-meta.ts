import { loadSchema } from './schema.js';

/** What the pack schema says of a parameter besides its shape. */
export interface ParameterMeta {
  unit: string;
  informational: boolean;
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  'x-unit'?: string;
  'x-informational'?: boolean;
}

let meta: ReadonlyMap<string, ParameterMeta> | undefined;

/**
 * Each parameter's unit and whether it is informational, by dotted name, from the x-unit and
 * x-informational annotations of schemas/rulepack.schema.json (read once).
 */
export function parameterMeta(): ReadonlyMap<string, ParameterMeta> {
  if (meta) return meta;
  const schema = loadSchema('rulepack.schema.json') as { $defs: { parameters: SchemaNode } };
  const found = new Map<string, ParameterMeta>();
  const walk = (node: SchemaNode, path: string[]) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const here = [...path, key];
      if (child['x-unit'] !== undefined) found.set(here.join('.'), { unit: child['x-unit'], informational: child['x-informational'] === true });
      else walk(child, here);
    }
  };
  walk(schema.$defs.parameters, []);
  meta = found;
  return meta;
}
