// The progress line of long runs (cli/progress.ts): drawn on a terminal only, at most every
// 100 ms, cleared at the end; used by corpus, impact and score --ndjson.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../cli/program.js';
import { progress } from '../cli/progress.js';

const CLEAR = '\r\x1b[K';

function fakeStream(isTTY: boolean | undefined) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => void writes.push(text) };
}

describe('progress()', () => {
  it('on a terminal: draws in place at most every 100 ms, with the share and the rate, and clears at the end', () => {
    const tty = fakeStream(true);
    let t = 1_000;
    const p = progress(tty, { label: 'impact', unit: 'bytes', total: 8_000_000, now: () => t });
    t = 1_500;
    p.update(2_000_000);
    t = 1_550;
    p.update(2_500_000); // 50 ms later: not drawn
    t = 2_000;
    p.update(4_000_000);
    p.end();
    expect(tty.writes).toEqual([
      `${CLEAR}impact: 2.0 MB of 8.0 MB (25%), 4.0 MB/s`,
      `${CLEAR}impact: 4.0 MB of 8.0 MB (50%), 4.0 MB/s`,
      CLEAR,
    ]);
  });

  it('counts submissions; without a total, no share', () => {
    const tty = fakeStream(true);
    let t = 0;
    const p = progress(tty, { label: 'corpus', unit: 'submissions', now: () => t });
    t = 2_000;
    p.update(12_000);
    p.end();
    expect(tty.writes).toEqual([`${CLEAR}corpus: 12,000, 6,000/s`, CLEAR]);
  });

  it('silent when the stream is not a terminal (a pipe, a file), or there is none; nothing to clear if nothing was drawn', () => {
    for (const stream of [fakeStream(false), fakeStream(undefined)]) {
      const p = progress(stream, { label: 'impact', unit: 'bytes', total: 10 });
      p.update(5);
      p.end();
      expect(stream.writes).toEqual([]);
    }
    expect(() => progress(undefined, { label: 'x', unit: 'bytes' }).update(1)).not.toThrow();
    const tty = fakeStream(true);
    progress(tty, { label: 'x', unit: 'bytes' }).end();
    expect(tty.writes).toEqual([]);
  });
});

describe('the verbs draw it on a terminal stderr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mips-ia-progress-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(args: string[], stderrStream?: ReturnType<typeof fakeStream>) {
    let stdout = '';
    let stderr = '';
    const code = await run(['node', 'mips-ia', ...args], { io: { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), ...(stderrStream ? { stderrStream } : {}) } });
    return { code, stdout, stderr };
  }

  it('corpus, impact and score --ndjson: a line, then cleared; --no-progress and a captured stderr: none', async () => {
    const tty = fakeStream(true);
    const corpus = await cli(['corpus', '--year', '2019', '--count', '2000', '--seed', '3'], tty);
    expect(corpus.code).toBe(0);
    expect(tty.writes[0]).toMatch(/^\r\x1b\[Kcorpus: 1,000 of 2,000 \(50%\), [\d,]+\/s$/);
    expect(tty.writes.at(-1)).toBe(CLEAR);
    const file = join(dir, 'subs.ndjson');
    writeFileSync(file, corpus.stdout);

    for (const args of [['impact', '--from', '2019', '--to', '2020', '--corpus', file, '--threads', '1'], ['score', '--ndjson', '--no-explain', '--threads', '1', file]]) {
      const shown = fakeStream(true);
      const r = await cli(args, shown);
      expect(r.code).toBe(0);
      expect(shown.writes[0]).toMatch(/^\r\x1b\[K(impact|scoring): [\d.]+ MB of [\d.]+ MB \(\d+%\)(, [\d.]+ MB\/s)?$/);
      expect(shown.writes.at(-1)).toBe(CLEAR);
      const off = fakeStream(true);
      const quiet = await cli(['--no-progress', ...args], off);
      expect(off.writes).toEqual([]);
      expect(quiet.stdout).toBe(r.stdout);
    }
    // A caller that captures stderr (as the other CLI tests do) gets no progress line in it.
    const captured = await cli(['impact', '--from', '2019', '--to', '2020', '--corpus', file, '--threads', '1']);
    expect(captured.stderr).toBe('');
  }, 120_000);
});
