// What changed between any two years (GET /v1/diff), readable: counts, activities added,
// removed, renumbered and modified, suspensions, parameters (weight tables as grids) and rules
// (conditions and events before and after) with both references, MVPs, program lists.
import type { ComponentChildren } from 'preact';
import { ruleParts } from '../../../engine/diff/rule-text.js';
import { Loading, ProblemBox } from '../components/ProblemBox';
import { WeightTable } from '../components/WeightTable';
import { isWeightTable, plural, valueText, weightLabel, withUnit } from '../format';
import { replaceRoute, useGet } from '../hooks';
import type { ActivitySummary, FieldChange, PackDiff, ParameterChange, RuleChange } from '../types';

export function DiffView({ years, from, to }: { years: number[]; from: number; to: number }) {
  const d = useGet<PackDiff>(`/v1/diff?from=${from}&to=${to}`);
  const diff = d.data && d.data.from.year === from && d.data.to.year === to ? d.data : undefined;
  return (
    <section aria-labelledby="diff-title" class="diff">
      <div class="toolbar">
        <h2 id="diff-title">What changed from {from} to {to}</h2>
        <form class="filters inline" aria-label="Years to compare" onSubmit={(e) => e.preventDefault()}>
          <label>From <select id="diff-from" value={from} onChange={(e) => replaceRoute('diff', e.currentTarget.value, to)}>{years.map((y) => <option key={y} value={y}>{y}</option>)}</select></label>
          <button type="button" onClick={() => replaceRoute('diff', to, from)} aria-label="Swap the years">⇄</button>
          <label>To <select id="diff-to" value={to} onChange={(e) => replaceRoute('diff', from, e.currentTarget.value)}>{years.map((y) => <option key={y} value={y}>{y}</option>)}</select></label>
          <a href={`/v1/diff?from=${from}&to=${to}&format=markdown`}>as a Markdown changelog</a>
        </form>
      </div>
      {d.error ? <ProblemBox problem={d.error} /> : null}
      {!diff ? <Loading what="the diff" /> : <DiffBody d={diff} />}
    </section>
  );
}

function DiffBody({ d }: { d: PackDiff }) {
  const { modified, programsChanged } = d.activities;
  const c = d.counts;
  const paramChanges = [...d.parameters.added, ...d.parameters.removed, ...d.parameters.changed];
  const ruleChanges = [...d.rules.added.map((r) => ({ r, what: 'added' })), ...d.rules.removed.map((r) => ({ r, what: 'removed' })), ...d.rules.changed.map((r) => ({ r, what: 'changed' }))];
  const suspensions = [...d.suspensions.added.map((s) => ({ ...s, what: 'suspended' })), ...d.suspensions.lifted.map((s) => ({ ...s, what: 'lifted' })), ...d.suspensions.changed.map((s) => ({ ...s, what: 'changed' }))];
  const mvps = d.mvps;
  return (
    <>
      <ul class="stats" aria-label="Counts">
        <Stat n={c.activitiesFrom} label={`activities in ${d.from.year}`} />
        <Stat n={c.activitiesTo} label={`activities in ${d.to.year}`} />
        <Stat n={c.added} label="added" cls="s-added" />
        <Stat n={c.removed} label="removed" cls="s-removed" />
        <Stat n={c.renumbered} label="renumbered" />
        <Stat n={c.weightChanges} label="weight changes" cls="s-reweighted" />
        <Stat n={c.modified} label="modified" />
        <Stat n={c.programsChanged} label="program lists changed" />
        <Stat n={c.parametersChanged} label="parameters changed" />
        <Stat n={c.rulesChanged} label="rules changed" />
        <Stat n={c.mvpsAdded} label="MVPs added" />
        <Stat n={c.mvpsRemoved} label="MVPs removed" />
      </ul>
      <div class="diff-grid">
        <Section title={`Activities added (${d.activities.added.length})`} empty={d.activities.added.length === 0}>
          <SummaryTable rows={d.activities.added} cls="s-added" />
        </Section>
        <Section title={`Activities removed (${d.activities.removed.length})`} empty={d.activities.removed.length === 0}>
          <SummaryTable rows={d.activities.removed} cls="s-removed" />
        </Section>
        {d.activities.renumbered.length ? (
          <Section title={`Renumbered (${d.activities.renumbered.length})`}>
            <ul>{d.activities.renumbered.map((r) => <li key={r.from}><code>{r.from}</code> → <code>{r.to}</code> {r.via.length ? <span class="muted">(via {r.via.join(', ')})</span> : null} {r.title}<Changes changes={r.changes.filter((x) => x.group !== 'programs')} /></li>)}</ul>
          </Section>
        ) : null}
        <Section title={`Activities modified (${modified.length})`} empty={modified.length === 0}>
          <ul class="modified">
            {modified.map((m) => <li key={m.id}><code>{m.id}</code> {m.title}<Changes changes={m.changes} /></li>)}
          </ul>
        </Section>
        {suspensions.length ? (
          <Section title={`Suspensions (${suspensions.length})`}>
            <ul>{suspensions.map((s) => <li key={s.id + s.what}><code>{s.id}</code> {s.what}: {s.title}<div class="small muted">{(s.to ?? s.from)?.reference}</div></li>)}</ul>
          </Section>
        ) : null}
        <Section title={`Parameters (${paramChanges.length})`} empty={paramChanges.length === 0} wide>
          <table class="params">
            <thead><tr><th scope="col">Parameter</th><th scope="col">{d.from.year}</th><th scope="col">{d.to.year}</th></tr></thead>
            <tbody>
              {paramChanges.map((p) => (
                <tr key={p.name}>
                  <th scope="row"><code>{p.name}</code></th>
                  <td><Side v={p.from} changed={changedCells(p)} /></td>
                  <td><Side v={p.to} changed={changedCells(p)} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
        <Section title={`Rules (${ruleChanges.length})`} empty={ruleChanges.length === 0} wide>
          <ul class="rule-changes">
            {ruleChanges.map(({ r, what }) => <RuleItem key={r.name} r={r} what={what} years={[d.from.year, d.to.year]} />)}
          </ul>
        </Section>
        {mvps.added.length + mvps.removed.length + mvps.retitled.length + mvps.activitiesChanged.length > 0 ? (
          <Section title="MIPS Value Pathways">
            <ul>
              {mvps.added.map((m) => <li key={`a${m.id}`} class="s-added-text"><code>{m.id}</code> added: {m.title} {m.activities !== undefined ? <span class="muted">({plural(m.activities, 'activity', 'activities')})</span> : null}</li>)}
              {mvps.removed.map((m) => <li key={`r${m.id}`} class="s-removed-text"><code>{m.id}</code> removed: {m.title}</li>)}
              {mvps.retitled.map((m) => <li key={`t${m.id}`}><code>{m.id}</code> retitled: {m.fromTitle} → {m.title}</li>)}
              {mvps.activitiesChanged.map((m) => <li key={`c${m.id}`}><code>{m.id}</code> {m.title}: {m.activitiesAdded?.length ? `+${m.activitiesAdded.join(', +')}` : ''} {m.activitiesRemoved?.length ? `−${m.activitiesRemoved.join(', −')}` : ''}</li>)}
            </ul>
          </Section>
        ) : null}
        {d.subcategories.added.length + d.subcategories.removed.length + d.subcategories.retitled.length > 0 ? (
          <Section title="Subcategories">
            <ul>
              {d.subcategories.added.map((s) => <li key={s.id}>added {s.title}</li>)}
              {d.subcategories.removed.map((s) => <li key={s.id}>removed {s.title}</li>)}
              {d.subcategories.retitled.map((s) => <li key={s.id}>{s.from} → {s.to}</li>)}
            </ul>
          </Section>
        ) : null}
      </div>
      {programsChanged.length ? (
        <details class="card">
          <summary>{plural(programsChanged.length, 'activity', 'activities')} with their MVP/program lists changed</summary>
          <ul class="small">
            {programsChanged.map((m) => (
              <li key={m.id}><code>{m.id}</code> {m.changes.map((x) => `${x.field}: ${[...(x.added ?? []).map((p) => `+${p}`), ...(x.removed ?? []).map((p) => `−${p}`)].join(' ')}`).join('; ')}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

function Stat({ n, label, cls }: { n: number; label: string; cls?: string }) {
  return <li class={`stat ${n > 0 ? (cls ?? '') : 'zero'}`}><strong>{n.toLocaleString('en-US')}</strong> <span>{label}</span></li>;
}

function Section({ title, children, empty, wide }: { title: string; children?: ComponentChildren; empty?: boolean; wide?: boolean }) {
  return (
    <section class={wide ? 'card wide' : 'card'}>
      <h3>{title}</h3>
      {empty ? <p class="muted">None.</p> : children}
    </section>
  );
}

function SummaryTable({ rows, cls }: { rows: (ActivitySummary & { suspendedInFrom?: boolean })[]; cls: string }) {
  return (
    <table class={`summary ${cls}`}>
      <thead><tr><th scope="col">ID</th><th scope="col">Title</th><th scope="col">Weight</th><th scope="col">Subcategory</th></tr></thead>
      <tbody>
        {rows.map((a) => (
          <tr key={a.id}>
            <th scope="row"><a href={`#/matrix/${encodeURIComponent(a.id)}`}>{a.id}</a></th>
            <td>{a.title}{a.suspendedInFrom ? <span class="badge suspended">was suspended</span> : null}</td>
            <td>{weightLabel(a.weight)}</td>
            <td>{a.subcategoryTitle ?? a.subcategory ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Changes({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return null;
  return (
    <ul class="changes small">
      {changes.map((c) => (
        <li key={c.field}>
          <span class="field">{c.field}</span>{' '}
          {c.group === 'description' ? <span class="muted">text changed</span> : <><del>{valueText(c.from)}</del> → <ins>{valueText(c.to)}</ins></>}
        </li>
      ))}
    </ul>
  );
}

/** The cells of a weight table that differ between the years (a row on one side only: all of it). */
function changedCells(p: ParameterChange): (row: string, category: string) => boolean {
  const paths = new Set((p.details ?? []).map((x) => x.path));
  return (row, category) => paths.has(row) || paths.has(`${row}.${category}`);
}

function Side({ v, changed }: { v: ParameterChange['from']; changed: (row: string, category: string) => boolean }) {
  if (!v) return <span class="muted">absent</span>;
  const set = <span class="muted small">(set {v.year}{v.inferred ? ', inferred' : ''}{v.informational ? ', informational: changes no score' : ''})</span>;
  return (
    <>
      {isWeightTable(v.value)
        ? <>{set}<WeightTable value={v.value} changed={changed} /></>
        : <><strong>{withUnit(valueText(v.value), v.value, v.unit)}</strong> {set}</>}
      <div class="small muted">{v.reference ?? v.note}</div>
    </>
  );
}

/**
 * A rule added, removed or changed: what it does, both references, and its conditions and event:
 * for a changed rule each part that differs before and after, for one added or removed on one line.
 */
function RuleItem({ r, what, years }: { r: RuleChange; what: string; years: [number, number] }) {
  const parts = ruleParts(r);
  const one = (part: string) => parts.find((p) => p.part === part);
  return (
    <li>
      <code>{r.name}</code> {what}{r.parts?.length ? ` (${r.parts.join(', ')})` : ''}: {(r.to ?? r.from)?.description}
      {r.from && r.to ? (parts.length ? (
        <table class="mini rule-parts">
          <colgroup><col class="part" /><col /><col /></colgroup>
          <thead><tr><td /><th scope="col">{years[0]}</th><th scope="col">{years[1]}</th></tr></thead>
          <tbody>
            {parts.map((p) => (
              <tr key={p.part}><th scope="row">{p.part}</th><td><code class="before">{p.from}</code></td><td><code class="after">{p.to}</code></td></tr>
            ))}
          </tbody>
        </table>
      ) : null) : (
        <div class="small rule-line">when <code>{one('conditions')?.from ?? one('conditions')?.to}</code> → <code>{one('event')?.from ?? one('event')?.to}</code></div>
      )}
      {r.from?.reference ? <div class="small muted">{years[0]}: {r.from.reference}</div> : null}
      {r.to?.reference ? <div class="small muted">{years[1]}: {r.to.reference}</div> : null}
    </li>
  );
}
