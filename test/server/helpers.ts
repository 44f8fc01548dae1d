// Shared by the service tests: the bundled packs loaded once per file, an app over them, the
// reference QPP files, and a check that an answer is a proper problem (RFC 9457).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { expect } from 'vitest';
import { loadPacks, type PackSet } from '../../engine/index.js';
import { compileSchema } from '../../engine/pack/schema.js';
import { packageRoot } from '../../engine/paths.js';
import { createApp, type AppOptions } from '../../server/app.js';
import { PROBLEM_BASE, type ProblemKind } from '../../server/problem.js';

let cached: PackSet | undefined;
export function bundledPacks(): PackSet {
  cached ??= loadPacks();
  return cached;
}

export function app(options: Partial<AppOptions> = {}) {
  return createApp({ packs: bundledPacks(), ...options });
}

export const QPP_REFERENCE = join(packageRoot, 'test', 'reference', 'qpp-submission');
export function qppReference(name: 'submission-example-ia.json' | 'scoring-example-output-ia.json'): Record<string, any> {
  return JSON.parse(readFileSync(join(QPP_REFERENCE, name), 'utf8'));
}

const validators = new Map<string, ReturnType<typeof compileSchema>>();
/** Asserts that body matches schemas/<file>, showing Ajv's errors when not. */
export function expectSchema(file: string, body: unknown): void {
  let validate = validators.get(file);
  if (!validate) {
    validate = compileSchema(file, { allErrors: true });
    validators.set(file, validate);
  }
  const ok = validate(body);
  expect(ok ? [] : validate.errors).toEqual([]);
}

/** A problem+json answer of this status and kind, with the request id, and no stack trace anywhere. */
export function expectProblem(res: Response, status: number, kind: ProblemKind): Record<string, any> {
  expect({ status: res.status, type: res.body?.type }).toEqual({ status, type: `${PROBLEM_BASE}${kind}` });
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expectSchema('problem.schema.json', res.body);
  expect(res.body.status).toBe(status);
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
  expect(res.text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts:\d+/);
  return res.body;
}
