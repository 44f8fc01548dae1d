// GET /openapi.json and /docs: the document lists exactly the routes the app registers, and its
// component schemas are the files of schemas/ as they are; /docs is Redoc, served from here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { schemasDir } from '../../engine/paths.js';
import { METHOD_NOT_ALLOWED_HANDLER } from '../../server/app.js';
import { REDOC_BUNDLE, REDOC_DOCUMENT, redocDocument } from '../../server/docs.js';
import { app, expectProblem } from './helpers.js';

const server = app();

/** `METHOD /path/{param}` of every route the Express router holds (the 405 fallbacks left out). */
function registeredRoutes(): string[] {
  const stack = (server as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean>; stack: { name: string }[] } }[] } }).router.stack;
  return stack
    .filter((layer) => layer.route && layer.route.stack.every((l) => l.name !== METHOD_NOT_ALLOWED_HANDLER))
    .flatMap((layer) => Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`))
    .sort();
}

function documentedRoutes(doc: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
}

describe('GET /openapi.json', () => {
  it('is OpenAPI 3.1', async () => {
    const { body } = await request(server).get('/openapi.json').expect(200).expect('Content-Type', /application\/json/);
    expect(body.openapi).toBe('3.1.0');
    expect(body.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(body.info).toMatchObject({ title: 'mips-ia-rules', version: expect.any(String) });
  });

  it('documents every route the app registers, and no other', async () => {
    const { body } = await request(server).get('/openapi.json').expect(200);
    const registered = registeredRoutes();
    expect(registered.length).toBeGreaterThan(10);
    expect(documentedRoutes(body)).toEqual(registered);
  });

  it('has the schema files as its component schemas, unchanged', async () => {
    const { body } = await request(server).get('/openapi.json').expect(200);
    const files = readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json'));
    expect(Object.keys(body.components.schemas)).toHaveLength(files.length);
    for (const file of files) {
      const content = JSON.parse(readFileSync(join(schemasDir, file), 'utf8'));
      const component = Object.values(body.components.schemas).find((s) => (s as { $id: string }).$id === content.$id);
      expect(component, file).toEqual(content);
    }
    expect(body.components.schemas.Submission.$id).toMatch(/submission\.schema\.json$/);
    expect(body.components.schemas.QppSubmission.$id).toMatch(/qpp-submission\.schema\.json$/);
  });

  it('every $ref to a component resolves; bodies and answers name their schemas', async () => {
    const { body } = await request(server).get('/openapi.json').expect(200);
    const refs = JSON.stringify(body.paths).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) expect(body.components.schemas, ref).toHaveProperty(JSON.parse(ref).split('/').pop());
    const op = (path: string, method: string) => body.paths[path][method];
    expect(op('/v1/score', 'post').requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Submission' });
    expect(op('/v1/score', 'post').responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Result' });
    expect(op('/v1/qpp/score-preview', 'post').requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/QppSubmission' });
    expect(op('/v1/qpp/score-preview', 'post').responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/QppScore' });
    expect(op('/v1/packs/validate', 'post').requestBody.content['text/yaml'].schema).toEqual({ $ref: '#/components/schemas/Rulepack' });
    expect(op('/v1/years/{year}', 'get').parameters).toEqual([expect.objectContaining({ name: 'year', in: 'path', required: true })]);
    expect(op('/v1/score', 'post').responses['422'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    for (const ops of Object.values(body.paths) as Record<string, { responses: Record<string, unknown> }>[]) {
      for (const o of Object.values(ops)) expect(o.responses.default).toBeDefined();
    }
  });
});

describe('GET /docs', () => {
  it('is a page that loads Redoc from this service (no CDN, no inline script) and the document beside it', async () => {
    for (const path of ['/docs', '/docs/']) {
      const page = await request(server).get(path).expect(200).expect('Content-Type', /text\/html/);
      expect(page.text).toContain(`<redoc spec-url="${REDOC_DOCUMENT}"></redoc>`);
      expect(page.text).toContain(`<script src="${REDOC_BUNDLE}"></script>`);
      expect(page.text).not.toMatch(/https?:/);
      expect(page.text.match(/<script/g)).toHaveLength(1);
    }
    const bundle = await request(server).get(REDOC_BUNDLE).expect(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect(bundle.text).toContain('Redoc');
    expect(bundle.text).not.toContain('cdn.redoc.ly');
    await request(server).get('/docs/redoc.standalone.js.LICENSE.txt').expect(200).expect('Content-Type', /text\/plain/);
    expectProblem(await request(server).get('/docs/../package.json'), 404, 'not-found');
    expectProblem(await request(server).get('/docs/nothing.js'), 404, 'not-found');
  });

  it('has its own CSP: same origin, plus the inline styles, data: icons and blob: worker Redoc needs, nothing more', async () => {
    const page = await request(server).get('/docs').expect(200);
    const directives = page.headers['content-security-policy'].split(';').sort();
    expect(directives).toEqual([
      "base-uri 'self'", "connect-src 'self'", "default-src 'self'", "font-src 'self'", "form-action 'self'", "frame-ancestors 'self'",
      "img-src 'self' data:", "object-src 'none'", "script-src 'self'", "script-src-attr 'none'", "style-src 'self' 'unsafe-inline'", 'worker-src blob:',
    ]);
    // The API keeps helmet's default.
    const api = await request(server).get('/healthz').expect(200);
    expect(api.headers['content-security-policy']).not.toContain('worker-src');
  });

  it('gives Redoc the document with each schema-local $ref rebased into its component, and nothing else changed', async () => {
    const { body: doc } = await request(server).get('/openapi.json').expect(200);
    const { body: copy } = await request(server).get(REDOC_DOCUMENT).expect(200).expect('Content-Type', /application\/json/);
    expect(JSON.stringify(copy)).not.toContain('"#/$defs/');
    expect({ ...copy, components: undefined }).toEqual({ ...doc, components: undefined });
    // Every local ref of the copy resolves from the document's root, as Redoc reads it.
    const refs = new Set(JSON.stringify(copy).match(/"\$ref":"#[^"]*"/g)!.map((m) => JSON.parse(`{${m}}`).$ref as string));
    expect(refs.size).toBeGreaterThan(20);
    for (const ref of refs) {
      const target = ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], copy);
      expect(target, ref).toBeTypeOf('object');
    }
    expect(redocDocument({ components: { schemas: { A: { $ref: '#', items: [{ $ref: '#/$defs/b' }], $defs: { b: { $ref: 'other.json#/x' } } } } } })).toEqual({
      components: { schemas: { A: { $ref: '#/components/schemas/A', items: [{ $ref: '#/components/schemas/A/$defs/b' }], $defs: { b: { $ref: 'other.json#/x' } } } } },
    });
  });
});
