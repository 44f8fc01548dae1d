// Small hooks: an API GET as state, and the location hash as the page's route.
import { useEffect, useState } from 'preact/hooks';
import { asProblem, get } from './api';
import type { Problem } from './types';

export interface Loaded<T> {
  data?: T;
  error?: Problem;
  loading: boolean;
}

/** GET path (cached); undefined path: nothing to load yet. */
export function useGet<T>(path: string | undefined): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ loading: path !== undefined });
  useEffect(() => {
    if (path === undefined) {
      setState({ loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ data: s.data, loading: true }));
    get<T>(path).then(
      (data) => live && setState({ data, loading: false }),
      (e) => live && setState({ error: asProblem(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path]);
  return state;
}

/** Several GETs at once: all the answers, in order, or the first problem. */
export function useGetAll<T>(paths: string[] | undefined): Loaded<T[]> {
  const key = paths?.join('\n');
  const [state, setState] = useState<Loaded<T[]>>({ loading: paths !== undefined });
  useEffect(() => {
    if (paths === undefined) return;
    let live = true;
    setState({ loading: true });
    Promise.all(paths.map((p) => get<T>(p))).then(
      (data) => live && setState({ data, loading: false }),
      (e) => live && setState({ error: asProblem(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}

export interface Route {
  view: string;
  args: string[];
}

function parseHash(): Route {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { view: parts[0] ?? 'year', args: parts.slice(1) };
}

/** The route in the location hash (#/diff/2023/2024), and a way to change it. */
export function useRoute(): [Route, (view: string, ...args: (string | number)[]) => void] {
  const [route, setRoute] = useState(parseHash);
  useEffect(() => {
    const on = () => setRoute(parseHash());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const go = (view: string, ...args: (string | number)[]) => {
    const hash = `#/${[view, ...args].map((a) => encodeURIComponent(String(a))).join('/')}`;
    if (location.hash !== hash) location.hash = hash;
  };
  return [route, go];
}

/** The hash route without adding a history entry (a select changing the year). */
export function replaceRoute(view: string, ...args: (string | number)[]): void {
  const hash = `#/${[view, ...args].map((a) => encodeURIComponent(String(a))).join('/')}`;
  if (location.hash !== hash) {
    history.replaceState(null, '', hash);
    dispatchEvent(new HashChangeEvent('hashchange'));
  }
}
