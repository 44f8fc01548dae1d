// The progress line of long runs (corpus, impact, score --ndjson): one line on stderr, redrawn in
// place at most 10 times a second and cleared at the end, only when stderr is a terminal (never
// in a pipe, a file or a log) and not turned off (--no-progress).

/** Where the line goes: stderr, or a stand-in (tests). */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  /** `done` of the run's total so far (bytes or submissions); drawn only if 100 ms have passed. */
  update(done: number): void;
  /** Clears the line (if one was drawn). */
  end(): void;
}

export interface ProgressOptions {
  /** What runs: "impact", "scoring". */
  label: string;
  unit: 'bytes' | 'submissions';
  /** The total, when known (a file's size, a count). */
  total?: number;
  /** Milliseconds, for tests. */
  now?: () => number;
}

const INTERVAL_MS = 100;
const CLEAR = '\r\x1b[K';
const SILENT: Progress = { update: () => undefined, end: () => undefined };

const count = (n: number) => n.toLocaleString('en-US');
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function progress(stream: ProgressStream | undefined, options: ProgressOptions): Progress {
  if (!stream?.isTTY) return SILENT;
  const now = options.now ?? Date.now;
  const start = now();
  let last = -Infinity;
  let drawn = false;
  const show = options.unit === 'bytes' ? mb : count;
  return {
    update(done) {
      const t = now();
      if (t - last < INTERVAL_MS) return;
      last = t;
      const seconds = (t - start) / 1000;
      const share = options.total ? ` (${Math.min(100, Math.floor((100 * done) / options.total))}%)` : '';
      const rate = seconds > 0 ? `, ${show(Math.round(done / seconds))}/s` : '';
      stream.write(`${CLEAR}${options.label}: ${show(done)}${options.total ? ` of ${show(options.total)}` : ''}${share}${rate}`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write(CLEAR);
      drawn = false;
    },
  };
}
