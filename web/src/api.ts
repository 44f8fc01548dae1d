// The /v1 API, as the page calls it: GETs cached for the page's life (the packs change only on a
// reload of the service), POSTs not; an error answer becomes an ApiError carrying the problem.
import type { Problem } from './types';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
}

async function answer<T>(res: Response): Promise<T> {
  const type = res.headers.get('Content-Type') ?? '';
  if (res.ok) return (await res.json()) as T;
  if (type.includes('json')) throw new ApiError((await res.json()) as Problem);
  throw new ApiError({ type: 'about:blank', title: res.statusText || 'Request failed', status: res.status });
}

const cache = new Map<string, Promise<unknown>>();

export function get<T>(path: string): Promise<T> {
  let hit = cache.get(path);
  if (!hit) {
    hit = fetch(path, { headers: { Accept: 'application/json' } }).then((r) => answer<T>(r));
    hit.catch(() => cache.delete(path));
    cache.set(path, hit);
  }
  return hit as Promise<T>;
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
  return answer<T>(res);
}

/** Any thrown value as a problem to show. */
export function asProblem(e: unknown): Problem {
  if (e instanceof ApiError) return e.problem;
  return { type: 'about:blank', title: 'The request failed', status: 0, detail: e instanceof Error ? e.message : String(e) };
}
