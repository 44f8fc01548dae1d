// A category weight table as a grid: a row for each set of reweighted categories, a column for
// each category (percent), IA marked. The Year view's parameter details and the Diff view's
// parameter changes both draw it; in a diff, the cells that differ between the years are marked.
const CATEGORIES = ['quality', 'cost', 'ia', 'pi'];

export function WeightTable({ value, changed }: { value: Record<string, Record<string, number>>; changed?: (row: string, category: string) => boolean }) {
  return (
    <table class="mini weights">
      <caption class="sr-only">Category weights by reweighted categories</caption>
      <thead><tr><th scope="col">reweighted</th>{CATEGORIES.map((c) => <th key={c} scope="col">{c === 'ia' ? 'IA' : c}</th>)}</tr></thead>
      <tbody>
        {Object.entries(value).map(([row, w]) => (
          <tr key={row}>
            <th scope="row">{row}</th>
            {CATEGORIES.map((c) => <td key={c} class={[c === 'ia' ? 'hl' : '', changed?.(row, c) ? 'changed' : ''].filter(Boolean).join(' ') || undefined}>{w[c]}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
