// Impact: a corpus (generated, or an NDJSON file) scored under two years, or under a draft pack
// against the year it extends (POST /v1/impact): how many change, the histogram of point
// deltas, the top causes.
import { useState } from 'preact/hooks';
import { asProblem, post } from '../api';
import { BarChart } from '../components/BarChart';
import { ProblemBox } from '../components/ProblemBox';
import { plural, signed } from '../format';
import type { ImpactReport, Problem } from '../types';

const MAX = 5000;

export function ImpactView({ years }: { years: number[] }) {
  const [from, setFrom] = useState(years.at(-2) ?? years[0]);
  const [change, setChange] = useState<'year' | 'draft'>('year');
  const [to, setTo] = useState(years.at(-1)!);
  const [draft, setDraft] = useState('');
  const [draftName, setDraftName] = useState('draft.yaml');
  const [source, setSource] = useState<'generate' | 'file'>('generate');
  const [genYear, setGenYear] = useState<number | undefined>();
  const [count, setCount] = useState('1000');
  const [seed, setSeed] = useState('1');
  const [corpus, setCorpus] = useState<{ name: string; text: string; lines: number } | undefined>();
  const [top, setTop] = useState('10');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImpactReport | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();

  const readCorpus = async (file: File | undefined) => {
    if (!file) return setCorpus(undefined);
    const text = await file.text();
    setCorpus({ name: file.name, text, lines: text.split('\n').filter((l) => l.trim()).length });
  };
  const readDraft = async (file: File | undefined) => {
    if (!file) return;
    setDraft(await file.text());
    if (/^[A-Za-z0-9._-]{1,64}\.ya?ml$/.test(file.name)) setDraftName(file.name);
  };

  const run = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = { from, top: Number(top) || 10 };
    if (change === 'year') body.to = to;
    else Object.assign(body, { draft, draftName });
    if (source === 'generate') body.generate = { year: genYear ?? from, count: Number(count), seed: Number(seed) };
    else body.corpus = corpus?.text ?? '';
    setBusy(true);
    setProblem(undefined);
    try {
      setReport(await post<ImpactReport>('/v1/impact', body));
    } catch (err) {
      setReport(undefined);
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  };

  const yearSelect = (value: number, on: (y: number) => void, label: string, id: string) => (
    <label>{label}
      <select id={id} value={value} onChange={(e) => on(Number(e.currentTarget.value))}>{years.map((y) => <option key={y} value={y}>{y}</option>)}</select>
    </label>
  );
  const ready = (change === 'year' || draft.trim() !== '') && (source === 'generate' || (corpus !== undefined && corpus.lines > 0 && corpus.lines <= MAX));

  return (
    <div class="impact">
      <form class="card case" aria-labelledby="impact-title" onSubmit={run}>
        <h2 id="impact-title">What a change does to many submissions</h2>
        <fieldset>
          <legend>The change</legend>
          {yearSelect(from, setFrom, 'From year', 'impact-from')}
          <label class="check"><input type="radio" name="change" checked={change === 'year'} onChange={() => setChange('year')} /> to another year</label>
          <label class="check"><input type="radio" name="change" checked={change === 'draft'} onChange={() => setChange('draft')} /> to a draft pack</label>
          {change === 'year' ? yearSelect(to, setTo, 'To year', 'impact-to') : (
            <>
              <label>Draft pack file (YAML) <input type="file" accept=".yaml,.yml,text/yaml" onChange={(e) => readDraft(e.currentTarget.files?.[0])} /></label>
              <label for="draft-text">or paste it (it <code>extends</code> a published year)</label>
              <textarea id="draft-text" rows={8} spellcheck={false} value={draft} onInput={(e) => setDraft(e.currentTarget.value)}
                placeholder={`year: ${years.at(-1)! + 1}\nextends: ${years.at(-1)}\ntitle: What if …\nsources: { whatIf: { citation: "an analyst's question" } }\nparameters: …`} />
            </>
          )}
        </fieldset>
        <fieldset>
          <legend>The corpus</legend>
          <label class="check"><input type="radio" name="source" checked={source === 'generate'} onChange={() => setSource('generate')} /> generate one</label>
          <label class="check"><input type="radio" name="source" checked={source === 'file'} onChange={() => setSource('file')} /> upload NDJSON</label>
          {source === 'generate' ? (
            <div class="grid3">
              {yearSelect(genYear ?? from, setGenYear, 'Submissions of', 'impact-corpus-year')}
              <label>Submissions <input type="number" min={1} max={MAX} value={count} onInput={(e) => setCount(e.currentTarget.value)} /></label>
              <label>Seed <input type="number" value={seed} onInput={(e) => setSeed(e.currentTarget.value)} /></label>
            </div>
          ) : (
            <>
              <label>Corpus file (one submission per line, at most {MAX.toLocaleString('en-US')}) <input type="file" accept=".ndjson,.jsonl,.json,.txt" onChange={(e) => readCorpus(e.currentTarget.files?.[0])} /></label>
              {corpus ? <p class={`small ${corpus.lines > MAX ? 'error-text' : 'muted'}`}>{corpus.name}: {plural(corpus.lines, 'line')}{corpus.lines > MAX ? `; at most ${MAX} per request (mips-ia impact takes any number)` : ''}</p> : null}
              <p class="small muted">Make one with <code>npx mips-ia corpus --year Y --count N --seed S</code>.</p>
            </>
          )}
        </fieldset>
        <label>Top causes <input type="number" min={1} max={100} class="narrow" value={top} onInput={(e) => setTop(e.currentTarget.value)} /></label>
        <div class="actions"><button type="submit" class="primary" disabled={busy || !ready}>{busy ? 'Scoring…' : 'Run the impact'}</button></div>
      </form>
      <section class="result" aria-labelledby="impact-result-title" aria-live="polite" aria-busy={busy}>
        <h2 id="impact-result-title">Impact</h2>
        {problem ? <ProblemBox problem={problem} /> : null}
        {!report && !problem ? <p class="muted">Choose the change and a corpus, then run: every submission is scored under both, and the report counts what changed and why.</p> : null}
        {report ? <ReportView r={report} /> : null}
      </section>
    </div>
  );
}

function ReportView({ r }: { r: ImpactReport }) {
  const pct = (n: number, of: number) => (of ? ` (${((100 * n) / of).toFixed(1)}%)` : '');
  return (
    <>
      <p><strong>{r.from.label} → {r.to.label}</strong> on {plural(r.total, 'submission')}</p>
      <ul class="stats" aria-label="Counts">
        <li class="stat"><strong>{r.compared.toLocaleString('en-US')}</strong> <span>compared</span></li>
        <li class="stat"><strong>{r.unchanged.toLocaleString('en-US')}</strong> <span>unchanged{pct(r.unchanged, r.compared)}</span></li>
        <li class={`stat ${r.up ? 's-added' : 'zero'}`}><strong>{r.up.toLocaleString('en-US')}</strong> <span>points up</span></li>
        <li class={`stat ${r.down ? 's-removed' : 'zero'}`}><strong>{r.down.toLocaleString('en-US')}</strong> <span>points down</span></li>
        <li class={`stat ${r.weightOnly ? 's-reweighted' : 'zero'}`}><strong>{r.weightOnly.toLocaleString('en-US')}</strong> <span>IA weight only</span></li>
        <li class="stat"><strong>{(r.missing.from + r.missing.to).toLocaleString('en-US')}</strong> <span>with an activity one year lacks</span></li>
        <li class="stat"><strong>{(r.refused.fromOnly + r.refused.toOnly + r.refused.both).toLocaleString('en-US')}</strong> <span>refused</span></li>
        <li class="stat"><strong>{r.invalid.toLocaleString('en-US')}</strong> <span>invalid</span></li>
      </ul>
      <p class="small">IA final-score contribution: {signed(r.contribution.totalDelta)} in all, {signed(r.contribution.meanDelta, 3)} per compared submission (from {signed(r.contribution.minDelta)} to {signed(r.contribution.maxDelta)}).</p>
      <h3>Point changes</h3>
      {r.histogram.length ? (
        <>
          <BarChart
            label={`Submissions by change in points: ${r.histogram.map((h) => `${signed(h.delta)}: ${h.count}`).join(', ')}`}
            x={r.histogram.map((h) => h.delta)}
            xName="change in points"
            xFormat={(v) => signed(v)}
            bars={{ name: 'submissions', values: r.histogram.map((h) => h.count), color: '#7c3aed' }}
            height={200}
          />
        </>
      ) : <p class="muted">No submission's points changed.</p>}
      <h3>Top causes</h3>
      {r.causes.length ? (
        <table class="causes">
          <thead><tr><th scope="col">#</th><th scope="col">Submissions</th><th scope="col">Up</th><th scope="col">Down</th><th scope="col">Refused/accepted</th><th scope="col">Cause</th></tr></thead>
          <tbody>
            {r.causes.map((c, i) => (
              <tr key={c.key}>
                <th scope="row">{i + 1}</th>
                <td class="num">{c.submissions.toLocaleString('en-US')}</td>
                <td class="num">{c.up.toLocaleString('en-US')}</td>
                <td class="num">{c.down.toLocaleString('en-US')}</td>
                <td class="num">{c.refusals.toLocaleString('en-US')}</td>
                <td><span class="badge">{c.kind}</span> {c.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p class="muted">Nothing changed.</p>}
      {r.missing.activities.length ? <p class="small muted">Most missing: {r.missing.activities.slice(0, 10).map((a) => `${a.id} ×${a.from + a.to}`).join(', ')}</p> : null}
    </>
  );
}
