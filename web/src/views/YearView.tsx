// One year: the inventory as a table (filterable, searchable) and the year's parameters and
// rules, each with its reference on hover and in the side panel.
import { useMemo, useState } from 'preact/hooks';
import { conditionText, eventText } from '../../../engine/diff/rule-text.js';
import { Loading, ProblemBox } from '../components/ProblemBox';
import { WeightTable } from '../components/WeightTable';
import { compareIds, isWeightTable, plural, valueText, weightLabel, withUnit } from '../format';
import { replaceRoute, useGet } from '../hooks';
import { DecisionTable } from './DecisionTable';
import type { Activity, ActivityList, Parameter, Rule, YearDetail, YearSummary } from '../types';

const GROUPS: { prefix: string; title: string }[] = [
  { prefix: 'points.', title: 'Points tables' },
  { prefix: 'maxPoints', title: 'Maximum points' },
  { prefix: 'thresholds.', title: 'Thresholds' },
  { prefix: 'credits.', title: 'Credits' },
  { prefix: 'categoryWeights.', title: 'Category weights' },
  { prefix: 'specialStatusHolders', title: 'Who can hold each special status' },
];

type Selected = { kind: 'parameter'; item: Parameter } | { kind: 'rule'; item: Rule } | { kind: 'activity'; item: Activity };

export function YearView({ years, year }: { years: YearSummary[]; year: number }) {
  const detail = useGet<YearDetail>(`/v1/years/${year}`);
  const list = useGet<ActivityList>(`/v1/years/${year}/activities`);
  const [q, setQ] = useState('');
  const [weight, setWeight] = useState('');
  const [subcategory, setSubcategory] = useState('');
  const [mvp, setMvp] = useState('');
  const [selected, setSelected] = useState<Selected | undefined>();

  const d = detail.data?.year === year ? detail.data : undefined;
  const activities = list.data?.year === year ? list.data.activities : undefined;
  const mvpsOf = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const v of d?.mvps ?? []) for (const id of v.activities) m.set(id, [...(m.get(id) ?? []), v.id]);
    return m;
  }, [d]);
  const mvpTitle = useMemo(() => new Map((d?.mvps ?? []).map((v) => [v.id, v.title])), [d]);

  const shown = useMemo(() => {
    const text = q.trim().toLowerCase();
    const inMvp = mvp ? new Set(d?.mvps.find((v) => v.id === mvp)?.activities ?? []) : undefined;
    return (activities ?? [])
      .filter((a) => (!weight || (a.weight ?? 'none') === weight)
        && (!subcategory || a.subcategory === subcategory)
        && (!inMvp || inMvp.has(a.id))
        && (!text || [a.id, a.title, a.description ?? ''].some((s) => s.toLowerCase().includes(text))))
      .sort((a, b) => compareIds(a.id, b.id));
  }, [activities, q, weight, subcategory, mvp, d]);

  const weights = useMemo(() => [...new Set((activities ?? []).map((a) => a.weight ?? 'none'))].sort(), [activities]);

  const changeYear = (y: string) => {
    setMvp('');
    setSubcategory('');
    setSelected(undefined);
    replaceRoute('year', y);
  };

  return (
    <div class="with-aside">
      <section aria-labelledby="inventory-title">
        <div class="toolbar">
          <label>
            Year{' '}
            <select id="year-select" value={year} onChange={(e) => changeYear(e.currentTarget.value)}>
              {years.map((y) => <option key={y.year} value={y.year}>{y.year}</option>)}
            </select>
          </label>
          <h2 id="inventory-title">{d?.title ?? `Performance year ${year}`}</h2>
        </div>
        {d ? (
          <p class="muted summary">
            {plural(d.activities, 'attestable activity', 'attestable activities')} · {plural(d.mvps.length, 'MVP')} · {plural(d.suspended.length, 'suspension')} ·{' '}
            {d.extends ? `extends ${d.extends}` : 'the base year'} · <code title={d.hash}>{d.file}</code>
          </p>
        ) : null}
        <form class="filters" role="search" aria-label="Filter the inventory" onSubmit={(e) => e.preventDefault()}>
          <label>
            Search <input id="filter-q" type="search" value={q} placeholder="ID, title or description" onInput={(e) => setQ(e.currentTarget.value)} />
          </label>
          <label>
            Weight{' '}
            <select id="filter-weight" value={weight} onChange={(e) => setWeight(e.currentTarget.value)}>
              <option value="">all</option>
              {weights.map((w) => <option key={w} value={w}>{weightLabel(w)}</option>)}
            </select>
          </label>
          <label>
            Subcategory{' '}
            <select value={subcategory} onChange={(e) => setSubcategory(e.currentTarget.value)}>
              <option value="">all</option>
              {Object.entries(d?.subcategories ?? {}).map(([id, title]) => <option key={id} value={id}>{title}</option>)}
            </select>
          </label>
          {d && d.mvps.length > 0 ? (
            <label>
              MVP{' '}
              <select value={mvp} onChange={(e) => setMvp(e.currentTarget.value)}>
                <option value="">any</option>
                {d.mvps.map((v) => <option key={v.id} value={v.id}>{v.id} {v.title}</option>)}
              </select>
            </label>
          ) : null}
          <output class="count" aria-live="polite">{activities ? `${shown.length} of ${activities.length}` : ''}</output>
        </form>
        {list.error ? <ProblemBox problem={list.error} /> : null}
        {!activities ? <Loading what="the inventory" /> : (
          <div class="table-scroll">
            <table class="inventory">
              <caption class="sr-only">Activities of {year}</caption>
              <thead>
                <tr>
                  <th scope="col">ID</th>
                  <th scope="col">Title</th>
                  <th scope="col">Subcategory</th>
                  <th scope="col">Weight</th>
                  <th scope="col">Flags</th>
                  <th scope="col">MVPs</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((a) => (
                  <tr key={a.id} class={selected?.kind === 'activity' && selected.item.id === a.id ? 'selected' : undefined}>
                    <th scope="row">
                      <button type="button" class="link" onClick={() => setSelected({ kind: 'activity', item: a })}>{a.id}</button>
                    </th>
                    <td title={a.description}>{a.title}</td>
                    <td>{a.subcategory ? (d?.subcategories[a.subcategory] ?? a.subcategory) : '–'}</td>
                    <td><span class={`weight w-${a.weight ?? 'none'}`}>{weightLabel(a.weight)}</span></td>
                    <td><Flags a={a} /></td>
                    <td><MvpList ids={mvpsOf.get(a.id) ?? []} titles={mvpTitle} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
            {shown.length === 0 ? <p class="muted">No activity matches.</p> : null}
          </div>
        )}
        <DecisionTable key={year} year={year} />
      </section>
      <aside aria-label="Parameters and rules">
        <DetailCard selected={selected} year={year} onClose={() => setSelected(undefined)} />
        {detail.error ? <ProblemBox problem={detail.error} /> : null}
        {!d ? <Loading what="the parameters" /> : (
          <>
            <h2>Parameters</h2>
            <p class="muted small">Hover for the reference; select for the reference, note and the year that set it.</p>
            {GROUPS.map((g) => {
              const params = d.parameters.filter((p) => p.name.startsWith(g.prefix));
              if (params.length === 0) return null;
              return (
                <section key={g.prefix} class="param-group">
                  <h3>{g.title}</h3>
                  <ul class="plain">
                    {params.map((p) => (
                      <li key={p.name}>
                        <button
                          type="button"
                          class={`param${selected?.kind === 'parameter' && selected.item.name === p.name ? ' selected' : ''}`}
                          title={p.reference ?? p.note}
                          aria-pressed={selected?.kind === 'parameter' && selected.item.name === p.name}
                          onClick={() => setSelected({ kind: 'parameter', item: p })}
                        >
                          <span class="param-name">{p.name.slice(g.prefix.endsWith('.') ? g.prefix.length : 0)}{p.inferred ? <span class="badge inferred">inferred</span> : null}{p.informational ? <span class="badge" title="context only: no rule reads it, an edit changes no score">info</span> : null}</span>
                          <span class="param-value">{isWeightTable(p.value) ? `${Object.keys(p.value).length} rows; IA ${p.value.none?.ia ?? '?'}%` : withUnit(valueText(p.value), p.value, p.unit)}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })}
            <h2>Rules</h2>
            <ul class="plain">
              {d.rules.map((r) => (
                <li key={r.name}>
                  <button type="button" class="param" title={r.reference ?? r.note} aria-pressed={selected?.kind === 'rule' && selected.item.name === r.name} onClick={() => setSelected({ kind: 'rule', item: r })}>
                    <span class="param-name">{r.name}</span>
                    <span class="param-value">{r.event.type}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </aside>
    </div>
  );
}

function Flags({ a }: { a: Activity }) {
  const flags: { text: string; title: string; cls?: string }[] = [];
  if (a.suspension) flags.push({ text: 'suspended', title: `${a.suspension.date ? `since ${a.suspension.date}; ` : ''}${a.suspension.creditable ? 'still creditable' : 'not creditable'}: ${a.suspension.reference}`, cls: 'suspended' });
  if (a.mvpOnly) flags.push({ text: 'MVP only', title: 'reportable only in an MVP' });
  if (a.pcmhAttestation) flags.push({ text: 'PCMH', title: 'attests a patient-centered medical home (full credit)' });
  if (a.onceEveryYears) flags.push({ text: `once / ${a.onceEveryYears} y`, title: `creditable once every ${a.onceEveryYears} years` });
  if (a.minDays) flags.push({ text: `≥ ${a.minDays} d`, title: `performed at least ${a.minDays} days` });
  if (a.minMonths) flags.push({ text: `≥ ${a.minMonths} mo`, title: `performed at least ${a.minMonths} calendar months` });
  if (a.cehrtEligible) flags.push({ text: 'CEHRT', title: 'eligible for the CEHRT bonus' });
  if (a.renumberedFrom) flags.push({ text: `was ${a.renumberedFrom}`, title: `renumbered from ${a.renumberedFrom}` });
  if (a.ruleReference) flags.push({ text: 'rule', title: a.ruleReference });
  return <>{flags.map((f) => <span key={f.text} class={`badge ${f.cls ?? ''}`} title={f.title}>{f.text}</span>)}</>;
}

function MvpList({ ids, titles }: { ids: string[]; titles: Map<string, string> }) {
  if (ids.length === 0) return <span class="muted">–</span>;
  const shown = ids.slice(0, 4);
  return (
    <span class="mvps">
      {shown.map((id) => <abbr key={id} title={titles.get(id)}>{id}</abbr>)}
      {ids.length > shown.length ? <span class="muted" title={ids.slice(4).join(', ')}>+{ids.length - shown.length}</span> : null}
    </span>
  );
}

function DetailCard({ selected, year, onClose }: { selected?: Selected; year: number; onClose: () => void }) {
  if (!selected) return null;
  const close = <button type="button" class="close" aria-label="Close the details" onClick={onClose}>×</button>;
  if (selected.kind === 'activity') {
    const a = selected.item;
    return (
      <section class="card detail" aria-label={`Activity ${a.id}`}>
        {close}
        <h2>{a.id}</h2>
        <p><strong>{a.title}</strong></p>
        <p class="small">{a.description}</p>
        <dl class="facts">
          <dt>Weight</dt><dd>{weightLabel(a.weight)}</dd>
          {a.allowedPrograms ? <><dt>Programs</dt><dd>{a.allowedPrograms.join(', ')}</dd></> : null}
          {a.ruleReference ? <><dt>Rule</dt><dd>{a.ruleReference}</dd></> : null}
          {a.suspension ? <><dt>Suspended</dt><dd>{a.suspension.reference}</dd></> : null}
        </dl>
        <p><a href={`#/matrix/${encodeURIComponent(a.id)}`}>Its history across the years →</a></p>
      </section>
    );
  }
  const p = selected.item;
  return (
    <section class="card detail" aria-label={`${selected.kind === 'rule' ? 'Rule' : 'Parameter'} ${p.name}`}>
      {close}
      <h2>{p.name}</h2>
      {selected.kind === 'parameter' ? <ParamValue value={selected.item.value} unit={selected.item.unit} /> : <p>{selected.item.description}</p>}
      <dl class="facts">
        {selected.kind === 'rule' ? <><dt>When</dt><dd><code>{conditionText(selected.item.conditions)}</code></dd><dt>Then</dt><dd><code>{eventText(selected.item.event)}</code></dd></> : null}
        {selected.kind === 'parameter' ? <><dt>Unit</dt><dd>{selected.item.unit}{selected.item.informational ? '; informational: no rule reads it, so an edit changes no score' : ''}</dd></> : null}
        <dt>Reference</dt><dd>{p.reference ?? <span class="muted">none</span>}</dd>
        {p.note ? <><dt>Note</dt><dd>{p.note}</dd></> : null}
        <dt>Set by</dt><dd>the {p.year} pack{p.year !== year ? ` (inherited by ${year})` : ''}</dd>
        {p.inferred ? <><dt>Inferred</dt><dd>yes: no source states it; the note says why</dd></> : null}
      </dl>
    </section>
  );
}

function ParamValue({ value, unit }: { value: unknown; unit: string }) {
  return isWeightTable(value) ? <WeightTable value={value} /> : <p class="param-big">{withUnit(valueText(value), value, unit)}</p>;
}
