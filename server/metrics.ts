// Prometheus metrics (prom-client), one registry per app: request counts and latency per route
// pattern (/v1/years/:year, never the raw URL, so the label set stays small), requests in flight,
// pack reloads, and the process's default metrics.
import type { Request } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestObserver } from './observe.js';
import type { PackStore } from './pack-store.js';
import { pathPattern } from './route-spec.js';

export interface Metrics {
  registry: Registry;
  /** Times each request and counts it when the response closes. */
  observer: RequestObserver;
  reloads: Counter<'result'>;
  /** The label of a request: its route pattern, or `unmatched`. */
  routeOf(req: Request): string;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function createMetrics(store: PackStore, routePaths: readonly string[]): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status',
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const inFlight = new Gauge({ name: 'http_requests_in_flight', help: 'HTTP requests being handled', registers: [registry] });
  const reloads = new Counter({ name: 'mips_ia_pack_reloads_total', help: 'Pack reloads, by result (applied or rejected)', labelNames: ['result'] as const, registers: [registry] });
  new Gauge({
    name: 'mips_ia_pack_years',
    help: 'Performance years loaded',
    registers: [registry],
    collect() {
      this.set(store.packs.size);
    },
  });

  const patterns = routePaths.map((p) => ({ path: p, re: pathPattern(p) }));
  const routeOf = (req: Request): string => {
    if (req.route?.path) return `${req.baseUrl ?? ''}${req.route.path as string}`;
    const path = req.path;
    if (/^\/docs(\/|$)/.test(path)) return '/docs';
    if (/^\/(?:$|index\.html$|favicon\.svg$|assets\/)/.test(path)) return '/'; // the page and its files
    return patterns.find((p) => p.re.test(path))?.path ?? 'unmatched';
  };

  // The counter and histogram of each label set, looked up once: prom-client hashes the labels
  // on every call otherwise. The label sets are few (methods, route patterns, statuses).
  const series = new Map<string, { counter: Counter.Internal; histogram: Histogram.Internal<(typeof labelNames)[number]> }>();
  const seriesOf = (method: string, route: string, status: number) => {
    const key = `${method} ${route} ${status}`;
    let found = series.get(key);
    if (!found) {
      const labels = { method, route, status: String(status) };
      found = { counter: requests.labels(labels), histogram: duration.labels(labels) };
      series.set(key, found);
    }
    return found;
  };

  const observer: RequestObserver = {
    begin: () => inFlight.inc(),
    end(req, res, ms) {
      inFlight.dec();
      const { counter, histogram } = seriesOf(METHODS.has(req.method) ? req.method : 'OTHER', routeOf(req), res.statusCode);
      counter.inc();
      histogram.observe(ms / 1000);
    },
  };
  return { registry, observer, reloads, routeOf };
}
