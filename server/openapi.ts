// The OpenAPI 3.1 document, generated: the paths from the routes (server/routes/), the
// component schemas from schemas/ as they are (each file's content is one component, so the
// document and the validation cannot drift apart).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot, schemasDir } from '../engine/paths.js';
import { PROBLEM_BASE } from './problem.js';
import { openApiPath, type RouteSpec, type SchemaObject } from './route-spec.js';

/** submission.schema.json → Submission; qpp-submission.schema.json → QppSubmission. */
export function componentName(file: string): string {
  return file.replace(/\.schema\.json$/, '').split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** Every schema file of schemas/, by component name. */
export function schemaComponents(): Record<string, SchemaObject> {
  const files = readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json')).sort();
  return Object.fromEntries(files.map((f) => [componentName(f), JSON.parse(readFileSync(join(schemasDir, f), 'utf8')) as SchemaObject]));
}

const ref = (schema: string | SchemaObject): SchemaObject => (typeof schema === 'string' ? { $ref: `#/components/schemas/${schema}` } : schema);

const content = (c: Record<string, string | SchemaObject>) => Object.fromEntries(Object.entries(c).map(([type, schema]) => [type, { schema: ref(schema) }]));

export function buildOpenApi(routes: readonly RouteSpec[]): Record<string, unknown> {
  const version = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const components = schemaComponents();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const parameters = [
      ...Object.entries(r.pathParams ?? {}).map(([name, p]) => ({ name, in: 'path', required: true, description: p.description, schema: p.schema })),
      ...Object.entries(r.query ?? {}).map(([name, p]) => ({ name, in: 'query', required: false, description: p.description, schema: p.schema })),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, resp] of Object.entries(r.responses)) {
      responses[status] = {
        description: resp.description,
        ...(resp.headers ? { headers: resp.headers } : {}),
        ...(resp.content ? { content: content(resp.content) } : {}),
      };
    }
    responses.default = {
      description: `A problem (RFC 9457): 405 wrong method (Allow lists the right ones), 429 rate limited, 503 busy, 500 unexpected; type is ${PROBLEM_BASE}<kind>`,
      content: { 'application/problem+json': { schema: ref('Problem') } },
    };
    paths[openApiPath(r.path)] ??= {};
    paths[openApiPath(r.path)][r.method] = {
      operationId: r.operationId,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(r.requestBody ? { requestBody: { required: true, ...(r.requestBody.description ? { description: r.requestBody.description } : {}), content: content(r.requestBody.content) } } : {}),
      ...(r.security === 'bearer' ? { security: [{ bearer: [] }] } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    // The dialect the schema files declare (draft 2020-12, as OpenAPI 3.1 expects).
    jsonSchemaDialect: String(components.Submission.$schema),
    info: {
      title: 'mips-ia-rules',
      version,
      description: 'Scores the CMS MIPS Improvement Activities category per performance year from declarative year packs. '
        + 'Errors are application/problem+json (RFC 9457) with each problem\'s JSON path. Every response carries X-Request-Id.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN of the service' } },
    },
  };
}
