// Every activity (rows) by year (columns): the weight in each year, colored when the activity is
// added, removed, reweighted or suspended. Selecting a row opens the activity's history.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Loading, ProblemBox } from '../components/ProblemBox';
import { compareIds, weightLabel } from '../format';
import { useGet, useGetAll } from '../hooks';
import type { ActivityHistory, ActivityList, HistoryEvent, Weight, YearDetail, YearSummary } from '../types';

type Change = 'added' | 'renumbered' | 'removed' | 'reweighted' | 'suspended';

interface Cell {
  present: boolean;
  weight?: Weight;
  suspended?: boolean;
  creditable?: boolean;
  changes: Change[];
}

interface Row {
  id: string;
  title: string;
  renumberedFrom?: string;
  cells: Cell[];
}

const SHORT: Record<string, string> = { high: 'H', medium: 'M' };
const CHANGE_TEXT: Record<Change, string> = { added: 'added', renumbered: 'renumbered', removed: 'removed', reweighted: 'reweighted', suspended: 'suspended' };

function buildRows(years: number[], lists: ActivityList[], details: YearDetail[]): Row[] {
  const rows = new Map<string, Row>();
  const present: Map<string, { weight: Weight; title: string; suspended?: boolean; creditable?: boolean; renumberedFrom?: string }>[] = [];
  years.forEach((_y, i) => {
    const here = new Map<string, { weight: Weight; title: string; suspended?: boolean; creditable?: boolean; renumberedFrom?: string }>();
    for (const a of lists[i].activities) here.set(a.id, { weight: a.weight, title: a.title, suspended: a.suspension !== undefined, creditable: a.suspension?.creditable, renumberedFrom: a.renumberedFrom });
    // Suspended and no longer creditable: not in the attestable list; its weight and title are the year before's.
    for (const s of details[i].suspended) {
      if (here.has(s.id)) continue;
      const before = present[i - 1]?.get(s.id);
      here.set(s.id, { weight: before?.weight ?? null, title: before?.title ?? s.id, suspended: true, creditable: s.creditable });
    }
    present.push(here);
    for (const [id, a] of here) {
      const row = rows.get(id) ?? { id, title: a.title, cells: [] };
      row.title = a.title;
      if (a.renumberedFrom) row.renumberedFrom = a.renumberedFrom;
      rows.set(id, row);
    }
  });
  for (const row of rows.values()) {
    row.cells = years.map((_y, i) => {
      const now = present[i].get(row.id);
      const before = i > 0 ? present[i - 1].get(row.id) : undefined;
      const changes: Change[] = [];
      if (!now) {
        if (before) changes.push('removed');
        return { present: false, changes };
      }
      if (i > 0 && !before) changes.push(row.renumberedFrom && present[i - 1].has(row.renumberedFrom) ? 'renumbered' : 'added');
      if (before && before.weight !== now.weight) changes.push('reweighted');
      if (now.suspended) changes.push('suspended');
      return { present: true, weight: now.weight, suspended: now.suspended, creditable: now.creditable, changes };
    });
  }
  return [...rows.values()].sort((a, b) => compareIds(a.id, b.id));
}

export function MatrixView({ years, activity, onOpen }: { years: YearSummary[]; activity?: string; onOpen: (id: string | undefined) => void }) {
  const ids = years.map((y) => y.year);
  const lists = useGetAll<ActivityList>(useMemo(() => ids.map((y) => `/v1/years/${y}/activities`), [ids.join()]));
  const details = useGetAll<YearDetail>(useMemo(() => ids.map((y) => `/v1/years/${y}`), [ids.join()]));
  const [q, setQ] = useState('');
  const [only, setOnly] = useState<'' | Change>('');
  const rows = useMemo(() => (lists.data && details.data ? buildRows(ids, lists.data, details.data) : undefined), [lists.data, details.data]);
  const shown = useMemo(() => {
    const text = q.trim().toLowerCase();
    return (rows ?? []).filter((r) => (!text || r.id.toLowerCase().includes(text) || r.title.toLowerCase().includes(text))
      && (!only || r.cells.some((c, i) => c.changes.includes(only) && (only !== 'added' || i > 0))));
  }, [rows, q, only]);

  const problem = lists.error ?? details.error;
  return (
    <div class="with-aside">
      <section aria-labelledby="matrix-title">
        <div class="toolbar">
          <h2 id="matrix-title">The inventory across the years</h2>
        </div>
        <form class="filters" role="search" aria-label="Filter the activities" onSubmit={(e) => e.preventDefault()}>
          <label>Search <input type="search" value={q} placeholder="ID or title" onInput={(e) => setQ(e.currentTarget.value)} /></label>
          <label>
            Show{' '}
            <select value={only} onChange={(e) => setOnly(e.currentTarget.value as '' | Change)}>
              <option value="">every activity</option>
              <option value="added">added after {ids[0]}</option>
              <option value="removed">ever removed</option>
              <option value="reweighted">ever reweighted</option>
              <option value="suspended">ever suspended</option>
              <option value="renumbered">renumbered</option>
            </select>
          </label>
          <output class="count" aria-live="polite">{rows ? `${shown.length} of ${rows.length}` : ''}</output>
        </form>
        <Legend />
        {problem ? <ProblemBox problem={problem} /> : null}
        {!rows ? <Loading what={`${ids.length} years of inventory`} /> : (
          <div class="table-scroll tall">
            <table class="matrix">
              <caption class="sr-only">Activity weights by performance year; select an activity for its history</caption>
              <thead>
                <tr>
                  <th scope="col" class="sticky-col">Activity</th>
                  <th scope="col">Title</th>
                  {ids.map((y) => <th key={y} scope="col" class="year">{y}</th>)}
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.id} class={r.id === activity ? 'selected' : undefined} onClick={() => onOpen(r.id)}>
                    <th scope="row" class="sticky-col">
                      <button type="button" class="link" aria-expanded={r.id === activity} onClick={(e) => { e.stopPropagation(); onOpen(r.id === activity ? undefined : r.id); }}>{r.id}</button>
                    </th>
                    <td class="title" title={r.title}>{r.title}</td>
                    {r.cells.map((c, i) => <MatrixCell key={ids[i]} cell={c} year={ids[i]} />)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <aside aria-label="Activity history">
        {activity ? <History id={activity} onClose={() => onOpen(undefined)} /> : (
          <div class="card muted">
            <h2>History</h2>
            <p>Select an activity (its ID, or anywhere on its row) to see when it was added, reweighted, retitled, suspended or removed, with the references.</p>
          </div>
        )}
      </aside>
    </div>
  );
}

function MatrixCell({ cell, year }: { cell: Cell; year: number }) {
  const main = cell.changes.find((c) => c !== 'suspended') ?? (cell.suspended ? 'suspended' : undefined);
  const text = cell.present ? (cell.weight ? SHORT[cell.weight] : '·') : cell.changes.includes('removed') ? '✕' : '';
  const label = cell.present
    ? `${year}: ${weightLabel(cell.weight)}${cell.changes.length ? ` (${cell.changes.map((c) => CHANGE_TEXT[c]).join(', ')}${cell.suspended ? (cell.creditable ? ', still creditable' : ', not creditable') : ''})` : ''}`
    : cell.changes.includes('removed') ? `${year}: removed` : `${year}: not in the inventory`;
  const cls = ['cell', main ? `c-${main}` : '', cell.suspended ? 'c-susp' : '', cell.present ? `w-${cell.weight ?? 'none'}` : 'absent'].filter(Boolean).join(' ');
  return <td class={cls} title={label}><span aria-hidden="true">{text}</span><span class="sr-only">{label}</span></td>;
}

function Legend() {
  return (
    <ul class="legend" aria-label="Legend">
      <li><span class="cell w-high">H</span> high</li>
      <li><span class="cell w-medium">M</span> medium</li>
      <li><span class="cell w-none">·</span> unweighted</li>
      <li><span class="cell c-added">M</span> added</li>
      <li><span class="cell c-renumbered">M</span> renumbered</li>
      <li><span class="cell c-reweighted">H</span> reweighted</li>
      <li><span class="cell c-suspended c-susp">M</span> suspended</li>
      <li><span class="cell c-removed">✕</span> removed</li>
    </ul>
  );
}

function eventText(e: HistoryEvent): string {
  const q = (v: unknown) => (v === null || v === undefined ? 'none' : String(v));
  switch (e.type) {
    case 'added': return 'added to the inventory';
    case 'removed': return 'removed from the inventory';
    case 'renumbered': return `renumbered ${q(e.from)} → ${q(e.to)}`;
    case 'weightChanged': return `weight ${weightLabel(e.from as Weight)} → ${weightLabel(e.to as Weight)}`;
    case 'titleChanged': return `retitled “${q(e.from)}” → “${q(e.to)}”`;
    case 'subcategoryChanged': return `subcategory ${q(e.from)} → ${q(e.to)}`;
    case 'modified': return `changed: ${(e.fields ?? []).join(', ')}`;
    case 'suspended': return `suspended${e.date ? ` on ${e.date}` : ''}, ${e.creditable ? 'still creditable' : 'no longer creditable'}`;
    default: return e.type;
  }
}

function History({ id, onClose }: { id: string; onClose: () => void }) {
  const h = useGet<ActivityHistory>(`/v1/activities/${encodeURIComponent(id)}/history`);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [id]);
  const byYear = useMemo(() => {
    const m = new Map<number, HistoryEvent[]>();
    for (const e of h.data?.events ?? []) m.set(e.year, [...(m.get(e.year) ?? []), e]);
    return [...m];
  }, [h.data]);
  return (
    <section class="card detail" aria-label={`History of ${id}`}>
      <button type="button" class="close" aria-label="Close the history" onClick={onClose}>×</button>
      <h2 tabIndex={-1} ref={heading}>{id}</h2>
      {h.error ? <ProblemBox problem={h.error} /> : null}
      {!h.data ? <Loading what="the history" /> : (
        <>
          <p><strong>{h.data.years.at(-1)?.title}</strong></p>
          {h.data.ids.length > 1 ? <p class="small">IDs over time: {h.data.ids.join(' → ')}</p> : null}
          <ol class="timeline">
            {byYear.map(([year, events]) => (
              <li key={year}>
                <span class="tl-year">{year}</span>
                <ul class="plain">
                  {events.map((e, i) => (
                    <li key={i} class={`ev ev-${e.type}`}>
                      {eventText(e)}
                      {e.reference ? <div class="small muted">{e.reference}</div> : null}
                      {e.note ? <div class="small muted">{e.note}</div> : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
