// The Year view's decision table: every combination of the facts the year's rules read, grouped
// by the rules that fire (GET /v1/years/{year}/decisions), loaded when the analyst opens it.
import { useState } from 'preact/hooks';
import { ProblemBox } from '../components/ProblemBox';
import { useGet } from '../hooks';

interface DecisionTableData {
  year: number;
  facts: string[];
  combinations: number;
  classes: { facts: Record<string, string[]>; combinations: number; rules: string[]; outcome: string[] }[];
}

export function DecisionTable({ year }: { year: number }) {
  const [open, setOpen] = useState(false);
  const table = useGet<DecisionTableData>(open ? `/v1/years/${year}/decisions` : undefined);
  const t = table.data?.year === year ? table.data : undefined;
  return (
    <details class="decision-table" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary><h2 id="decision-table-title">Decision table</h2></summary>
      {table.error ? <ProblemBox problem={table.error} /> : null}
      {!t ? (open ? <p class="muted">Deciding every combination…</p> : null) : (
        <>
          <p class="muted">
            {t.combinations.toLocaleString('en-US')} combinations of {t.facts.length} facts, in {t.classes.length} classes of
            combinations for which the same rules fire; * is any value.
          </p>
          <div class="table-scroll">
            <table aria-labelledby="decision-table-title">
              <thead>
                <tr>
                  <th scope="col">combinations</th>
                  {t.facts.map((f) => <th key={f} scope="col">{f}</th>)}
                  <th scope="col">rules that fire</th>
                  <th scope="col">decision</th>
                </tr>
              </thead>
              <tbody>
                {t.classes.map((c) => (
                  <tr key={c.rules.join(' ') + c.combinations}>
                    <td>{c.combinations}</td>
                    {t.facts.map((f) => <td key={f}>{c.facts[f]?.join(' | ') ?? '*'}</td>)}
                    <td>{c.rules.join(', ')}</td>
                    <td>{c.outcome.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </details>
  );
}
