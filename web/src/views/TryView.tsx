// Try a case: a submission built in a form (activities picked from the year's inventory) scored
// by POST /v1/score, the same submission under every year (POST /v1/compare) as a chart, or a
// pasted QPP submission previewed by POST /v1/qpp/score-preview. One result area shows the
// outcome of the last of these actions, never one beside the other.
import { useMemo, useState } from 'preact/hooks';
import { asProblem, post } from '../api';
import { BarChart } from '../components/BarChart';
import { Loading, ProblemBox } from '../components/ProblemBox';
import { compareIds, num, signed, weightLabel } from '../format';
import { replaceRoute, useGet } from '../hooks';
import type { ActivityList, Comparison, Problem, QppPart, QppScore, ScoreResult, YearDetail, YearSummary } from '../types';

const ENTITY_TYPES = [['individual', 'Individual'], ['group', 'Group'], ['virtualGroup', 'Virtual group'], ['subgroup', 'Subgroup'], ['apmEntity', 'APM Entity']];
const OPTIONS = [['traditional', 'Traditional MIPS'], ['mvp', 'MIPS Value Pathway (MVP)'], ['app', 'APM Performance Pathway (APP)']];
const STATUSES = [['smallPractice', 'Small practice'], ['rural', 'Rural'], ['hpsa', 'HPSA'], ['nonPatientFacing', 'Non-patient facing']] as const;
const CATEGORY_STATUS = ['submitted', 'reweighted', 'absent'];

interface Picked {
  id: string;
  clinicians: string;
}

interface FormState {
  entityType: string;
  reportingOption: string;
  mvpId: string;
  cliniciansTotal: string;
  special: Record<string, boolean>;
  pcmh: boolean;
  apm: string;
  apmKind: string;
  other: Record<'quality' | 'cost' | 'pi', string>;
  euc: boolean;
  cmsStudy: boolean;
  activities: Picked[];
}

const INITIAL: FormState = {
  entityType: 'individual', reportingOption: 'traditional', mvpId: '', cliniciansTotal: '', special: {}, pcmh: false,
  apm: 'none', apmKind: 'other', other: { quality: 'submitted', cost: 'submitted', pi: 'submitted' }, euc: false, cmsStudy: false, activities: [],
};

const isGroup = (t: string) => t !== 'individual';

/** What the result area shows: the form scored (and compared), or a QPP submission previewed. */
type Outcome =
  | { kind: 'form'; year: number; result?: ScoreResult; problem?: Problem; comparison?: Comparison; compareProblem?: Problem }
  | { kind: 'qpp'; score?: QppScore; problem?: Problem };

function submissionOf(year: number, f: FormState): Record<string, unknown> {
  const s: Record<string, unknown> = { performanceYear: year, entityType: f.entityType, reportingOption: f.reportingOption };
  if (f.reportingOption === 'mvp' && f.mvpId) s.mvpId = f.mvpId;
  const special = Object.fromEntries(Object.entries(f.special).filter(([, v]) => v));
  if (Object.keys(special).length) s.specialStatus = special;
  if (f.cliniciansTotal) s.clinicians = { total: Number(f.cliniciansTotal) };
  if (f.pcmh) s.pcmh = true;
  if (f.apm !== 'none') s.apm = { participation: f.apm, kind: f.apmKind };
  const other = Object.fromEntries(Object.entries(f.other).filter(([, v]) => v !== 'submitted'));
  if (Object.keys(other).length) s.otherCategories = other;
  if (f.euc) s.euc = true;
  if (f.cmsStudy) s.cmsStudy = true;
  s.activities = f.activities.map((a) => (isGroup(f.entityType) && a.clinicians ? { id: a.id, cliniciansPerforming: Number(a.clinicians) } : { id: a.id }));
  return s;
}

/** The same case as a QPP Submissions API body, for the paste box. */
function qppOf(year: number, f: FormState): Record<string, unknown> {
  const programName = f.reportingOption === 'mvp' && f.mvpId ? f.mvpId : f.reportingOption === 'app' ? 'app1' : 'mips';
  return {
    entityType: f.entityType === 'individual' ? 'individual' : 'group',
    performanceYear: year,
    measurementSets: [{
      category: 'ia', submissionMethod: 'registry', programName,
      performanceStart: `${year}-01-01`, performanceEnd: `${year}-12-31`,
      measurements: f.activities.map((a) => ({ measureId: a.id, value: true })),
    }],
  };
}

export function TryView({ years, year }: { years: YearSummary[]; year: number }) {
  const list = useGet<ActivityList>(`/v1/years/${year}/activities`);
  const detail = useGet<YearDetail>(`/v1/years/${year}`);
  const [f, setF] = useState<FormState>(INITIAL);
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const set = (patch: Partial<FormState>) => setF((s) => ({ ...s, ...patch }));

  const inventory = list.data?.year === year ? list.data.activities : undefined;
  const byId = useMemo(() => new Map((inventory ?? []).map((a) => [a.id, a])), [inventory]);
  const matches = useMemo(() => {
    const text = q.trim().toLowerCase();
    if (!text || !inventory) return [];
    const picked = new Set(f.activities.map((a) => a.id));
    return inventory.filter((a) => !picked.has(a.id) && (a.id.toLowerCase().includes(text) || a.title.toLowerCase().includes(text)))
      .sort((a, b) => compareIds(a.id, b.id)).slice(0, 8);
  }, [q, inventory, f.activities]);
  const mvps = detail.data?.year === year ? detail.data.mvps : [];

  const add = (id: string) => {
    set({ activities: [...f.activities, { id, clinicians: '' }] });
    setQ('');
    document.getElementById('activity-search')?.focus();
  };

  const score = async (e: Event) => {
    e.preventDefault();
    const sub = submissionOf(year, f);
    setBusy(true);
    const [scored, compared] = await Promise.allSettled([post<ScoreResult>('/v1/score', sub), post<Comparison>('/v1/compare', { submission: sub })]);
    setBusy(false);
    setOutcome({
      kind: 'form',
      year,
      ...(scored.status === 'fulfilled' ? { result: scored.value } : { problem: asProblem(scored.reason) }),
      ...(compared.status === 'fulfilled' ? { comparison: compared.value } : { compareProblem: asProblem(compared.reason) }),
    });
  };

  const previewQpp = async (text: string) => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      setOutcome({ kind: 'qpp', problem: { type: 'about:blank', title: 'Not JSON', status: 0, detail: (e as Error).message } });
      return;
    }
    setBusy(true);
    try {
      setOutcome({ kind: 'qpp', score: await post<QppScore>('/v1/qpp/score-preview', body) });
    } catch (e) {
      setOutcome({ kind: 'qpp', problem: asProblem(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="try">
      <div class="case-col">
      <form class="card case" aria-labelledby="case-title" onSubmit={score}>
        <h2 id="case-title">A submission</h2>
        <div class="grid2">
          <label>Year
            <select id="try-year" value={year} onChange={(e) => replaceRoute('try', e.currentTarget.value)}>
              {years.map((y) => <option key={y.year} value={y.year}>{y.year}</option>)}
            </select>
          </label>
          <label>Entity type
            <select value={f.entityType} onChange={(e) => set({ entityType: e.currentTarget.value })}>
              {ENTITY_TYPES.map(([v, t]) => <option key={v} value={v}>{t}</option>)}
            </select>
          </label>
          <label>Path
            <select value={f.reportingOption} onChange={(e) => set({ reportingOption: e.currentTarget.value })}>
              {OPTIONS.map(([v, t]) => <option key={v} value={v}>{t}</option>)}
            </select>
          </label>
          {f.reportingOption === 'mvp' ? (
            <label>MVP
              <select value={f.mvpId} onChange={(e) => set({ mvpId: e.currentTarget.value })}>
                <option value="">{mvps.length ? 'choose…' : `none in ${year}`}</option>
                {mvps.map((m) => <option key={m.id} value={m.id}>{m.id} {m.title}</option>)}
              </select>
            </label>
          ) : null}
          <label>Clinicians (total)
            <input type="number" min={1} inputMode="numeric" value={f.cliniciansTotal} placeholder="optional" onInput={(e) => set({ cliniciansTotal: e.currentTarget.value })} />
          </label>
          <label>APM participation
            <select value={f.apm} onChange={(e) => set({ apm: e.currentTarget.value })}>
              <option value="none">none</option>
              <option value="mipsApm">MIPS APM</option>
              <option value="otherApm">other APM</option>
            </select>
          </label>
          {f.apm !== 'none' ? (
            <label>APM kind
              <select value={f.apmKind} onChange={(e) => set({ apmKind: e.currentTarget.value })}>
                <option value="other">other</option>
                <option value="webInterface">Web Interface</option>
              </select>
            </label>
          ) : null}
        </div>
        <fieldset>
          <legend>Statuses</legend>
          {STATUSES.map(([k, t]) => (
            <label key={k} class="check">
              <input type="checkbox" checked={!!f.special[k]} onChange={(e) => set({ special: { ...f.special, [k]: e.currentTarget.checked } })} /> {t}
            </label>
          ))}
          <label class="check"><input type="checkbox" checked={f.pcmh} onChange={(e) => set({ pcmh: e.currentTarget.checked })} /> PCMH</label>
          <label class="check"><input type="checkbox" checked={f.euc} onChange={(e) => set({ euc: e.currentTarget.checked })} /> EUC exception</label>
          <label class="check"><input type="checkbox" checked={f.cmsStudy} onChange={(e) => set({ cmsStudy: e.currentTarget.checked })} /> CMS study</label>
        </fieldset>
        <fieldset class="grid3">
          <legend>Other categories</legend>
          {(['quality', 'cost', 'pi'] as const).map((c) => (
            <label key={c}>{c === 'pi' ? 'PI' : c[0].toUpperCase() + c.slice(1)}
              <select value={f.other[c]} onChange={(e) => set({ other: { ...f.other, [c]: e.currentTarget.value } })}>
                {CATEGORY_STATUS.map((s) => <option key={s} value={s}>{s}</option>)}
              </select>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Activities ({f.activities.length})</legend>
          <label>Find in the {year} inventory
            <input id="activity-search" type="search" value={q} placeholder="ID or words of the title" autoComplete="off" onInput={(e) => setQ(e.currentTarget.value)}
              onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); if (matches[0]) add(matches[0].id); } }} />
          </label>
          {!inventory && list.loading ? <Loading what="the inventory" /> : null}
          {matches.length ? (
            <ul class="plain matches" aria-label="Matching activities">
              {matches.map((a) => (
                <li key={a.id}>
                  <button type="button" class="pick" onClick={() => add(a.id)}>
                    <span class="plus" aria-hidden="true">+</span> <code>{a.id}</code> <span class={`weight w-${a.weight ?? 'none'}`}>{weightLabel(a.weight)}</span> {a.title}
                  </button>
                </li>
              ))}
            </ul>
          ) : q.trim() && inventory ? <p class="muted small">No activity of {year} matches.</p> : null}
          <ul class="plain picked" aria-label="Activities in the submission">
            {f.activities.map((p, i) => {
              const a = byId.get(p.id);
              return (
                <li key={p.id}>
                  <code>{p.id}</code> {a ? <span class={`weight w-${a.weight ?? 'none'}`}>{weightLabel(a.weight)}</span> : <span class="badge suspended">not in {year}</span>}
                  <span class="picked-title">{a?.title}</span>
                  {isGroup(f.entityType) ? (
                    <label class="inline-label">performed by
                      <input type="number" min={0} class="narrow" value={p.clinicians} placeholder="all" aria-label={`Clinicians performing ${p.id}`}
                        onInput={(e) => set({ activities: f.activities.map((x, j) => (j === i ? { ...x, clinicians: e.currentTarget.value } : x)) })} />
                    </label>
                  ) : null}
                  <button type="button" class="remove" aria-label={`Remove ${p.id}`} onClick={() => set({ activities: f.activities.filter((_x, j) => j !== i) })}>×</button>
                </li>
              );
            })}
          </ul>
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>{busy ? 'Scoring…' : 'Score'}</button>
          <button type="button" onClick={() => { setF(INITIAL); setOutcome(undefined); }}>Clear</button>
        </div>
      </form>
      <QppBox seed={() => JSON.stringify(qppOf(year, f), null, 2)} busy={busy} onPreview={previewQpp} />
      </div>
      <section class="result" aria-labelledby="result-title" aria-live="polite" aria-busy={busy}>
        <h2 id="result-title">{outcome?.kind === 'qpp' ? 'QPP score preview' : 'Result'}</h2>
        {!outcome ? <p class="muted">Pick a year and some activities, then Score. The result lists each activity's points and why, and every rule that fired with its reference. Or paste a QPP submission and preview it: its result shows here instead.</p> : null}
        {outcome?.kind === 'form' ? (
          <>
            <p class="small muted result-of">The form as scored under {outcome.year}.</p>
            {outcome.problem ? <ProblemBox problem={outcome.problem} /> : null}
            {outcome.result ? <ResultView r={outcome.result} /> : null}
            {outcome.compareProblem && !outcome.problem ? <ProblemBox problem={outcome.compareProblem} /> : null}
            {outcome.comparison ? <CompareView c={outcome.comparison} /> : null}
          </>
        ) : null}
        {outcome?.kind === 'qpp' ? (
          <>
            <p class="small muted result-of">The pasted QPP submission, previewed.</p>
            {outcome.problem ? <ProblemBox problem={outcome.problem} /> : null}
            {outcome.score ? <QppResult s={outcome.score} /> : null}
          </>
        ) : null}
      </section>
    </div>
  );
}

/** Why an activity earned its points: the engine's reason, or for a counted one its weight and the points table that priced it. */
export function reasonOf(a: ScoreResult['activities'][number], r: ScoreResult): string {
  if (a.reason) return a.reason;
  if (!a.counted) return 'not counted';
  const table = r.rules.find((x) => /^activities earn /.test(x.effect));
  return `counted: a ${weightLabel(a.weight)} activity earns ${a.points} points${table ? ` under ${table.name} (${table.effect.replace(/^activities earn /, '')})` : ''}`;
}

function ResultView({ r }: { r: ScoreResult }) {
  return (
    <>
      <ul class="stats big" aria-label="Scores">
        <li class="stat"><strong data-testid="points">{num(r.points)}</strong> <span>of {r.maxPoints} points{r.rawPoints !== r.points ? ` (raw ${num(r.rawPoints)})` : ''}</span></li>
        <li class="stat"><strong>{num(r.categoryScore)}</strong> <span>category score (%)</span></li>
        <li class="stat"><strong>{num(r.categoryWeight)}%</strong> <span>IA weight</span></li>
        <li class="stat"><strong>{num(r.finalScoreContribution)}</strong> <span>final-score contribution</span></li>
      </ul>
      <p class="small muted">
        {r.performanceYear} · {r.entityType} · {r.reportingOption} · basis: {r.basis.join(', ') || 'none'} · weights {r.categoryWeights.table}, row {r.categoryWeights.row}
        {r.specialStatus.applied ? ` · special status: ${Object.entries(r.specialStatus.statuses).filter(([, s]) => s.value).map(([k]) => k).join(', ')}` : ''}
      </p>
      {r.warnings.length ? <ul class="warnings">{r.warnings.map((w) => <li key={w}>{w}</li>)}</ul> : null}
      <h3>Activities</h3>
      <table class="result-activities">
        <thead><tr><th scope="col">ID</th><th scope="col">Title</th><th scope="col">Weight</th><th scope="col">Points</th><th scope="col">Reason</th></tr></thead>
        <tbody>
          {r.activities.map((a) => (
            <tr key={a.id} class={a.counted ? 'counted' : 'not-counted'}>
              <th scope="row">{a.id}</th>
              <td>{a.title}</td>
              <td>{weightLabel(a.weight)}</td>
              <td class="num">{num(a.points)}</td>
              <td class="reason">{reasonOf(a, r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.activities.length === 0 ? <p class="muted">No activities.</p> : null}
      <h3>Rules that fired</h3>
      <ol class="rules">
        {r.rules.map((x) => (
          <li key={x.name}>
            <strong>{x.name}</strong> <span class="muted small">({x.year})</span>: {x.effect}
            <div class="small">{x.description}</div>
            {x.reference ? <div class="small ref">{x.reference}</div> : null}
            {x.notes?.map((n) => <div key={n} class="small note">{n}</div>)}
            {x.parameters?.length ? <div class="small muted">{x.parameters.join(' · ')}</div> : null}
          </li>
        ))}
      </ol>
    </>
  );
}

function CompareView({ c }: { c: Comparison }) {
  const rows = c.rows;
  return (
    <section aria-labelledby="compare-title" class="compare">
      <h3 id="compare-title">The same submission in every year</h3>
      <BarChart
        label={`Points by year, ${rows.map((r) => `${r.year}: ${r.status === 'scored' ? r.points : r.status}`).join(', ')}`}
        x={rows.map((r) => r.year)}
        xName="year"
        bars={{ name: 'points', values: rows.map((r) => r.points ?? null), color: '#2563eb' }}
        line={{ name: 'final-score contribution', axis: 'contribution', values: rows.map((r) => r.finalScoreContribution ?? null), color: '#d97706' }}
        yRange={[0, 44]}
        height={200}
      />
      <table class="compare-table">
        <thead><tr><th scope="col">Year</th><th scope="col">Points</th><th scope="col">Score</th><th scope="col">Weight</th><th scope="col">Contribution</th><th scope="col">Change and why</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.year}>
              <th scope="row">{r.year}</th>
              {r.status === 'scored' ? (
                <>
                  <td class="num">{num(r.points)}</td><td class="num">{num(r.categoryScore)}</td><td class="num">{num(r.categoryWeight)}%</td><td class="num">{num(r.finalScoreContribution)}</td>
                </>
              ) : <td colSpan={4} class="muted">{r.status}: {r.error?.message}</td>}
              <td class="small">
                {r.delta && (r.delta.points !== 0 || r.delta.finalScoreContribution !== 0) ? <strong>{signed(r.delta.points)} points, {signed(r.delta.finalScoreContribution)} final score. </strong> : null}
                {r.causes.map((x) => <div key={x.key}>{x.summary}</div>)}
                {r.leftOut.length ? <div class="muted">left out: {r.leftOut.map((l) => l.id).join(', ')}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function QppBox({ seed, busy, onPreview }: { seed: () => string; busy: boolean; onPreview: (text: string) => void }) {
  const [text, setText] = useState('');
  return (
    <details class="card qpp">
      <summary>Or paste a QPP submission (JSON)</summary>
      <label for="qpp-text">A QPP Submissions API submission; an optional <code>context</code> gives statuses, clinicians, APM</label>
      <textarea id="qpp-text" rows={10} spellcheck={false} value={text} onInput={(e) => setText(e.currentTarget.value)} placeholder='{ "entityType": "individual", "performanceYear": …, "measurementSets": [ … ] }' />
      <div class="actions">
        <button type="button" class="primary" disabled={busy || !text.trim()} onClick={() => onPreview(text)}>{busy ? 'Scoring…' : 'Preview the QPP score'}</button>
        <button type="button" onClick={() => setText(seed())}>Fill from the form</button>
      </div>
    </details>
  );
}

function QppResult({ s }: { s: QppScore }) {
  const total = s.data.score;
  const ia = total.parts.find((p) => p.name === 'ia');
  const sets = ia?.original?.parts ?? [];
  const messages = (p: QppPart) => (p.metadata?.messages ?? {}) as Record<string, string>;
  return (
    <div class="qpp-result">
      <p><strong>{num(total.value)}</strong> final-score points from IA ({ia?.detail ?? 'no IA set scored'}); IA score <strong>{num(ia?.original?.value ?? 0)}</strong> of 40</p>
      {sets.map((set: QppPart, i) => (
        <table key={i} class="mini">
          <caption>{set.title} ({set.detail}){set.metadata?.measurementSetPicked ? ', picked' : ''}</caption>
          <thead><tr><th scope="col">Measure</th><th scope="col">Points</th><th scope="col">Of</th><th scope="col">Counted</th></tr></thead>
          <tbody>
            {(set.parts ?? []).map((p) => (
              <tr key={p.name}><th scope="row" title={p.title}>{p.name}</th><td class="num">{num(p.value ?? undefined)}</td><td class="num">{String(p.metadata?.maxContribution ?? '')}</td><td>{p.metadata?.processingStatus === 'PICKED' ? 'yes' : `no: ${messages(p).notCounted ?? ''}`}</td></tr>
            ))}
          </tbody>
        </table>
      ))}
      {total.warnings.length ? <ul class="warnings">{total.warnings.map((w) => <li key={w}>{w}</li>)}</ul> : null}
    </div>
  );
}
