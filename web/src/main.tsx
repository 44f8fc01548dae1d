// The analyst's page: one app over the /v1 API. Five views, each at a hash route:
// #/year/<year>, #/matrix[/<activity>], #/diff/<from>/<to>, #/try/<year>, #/impact. Any other
// address, or a year the packs do not have, is a "not found" view with links.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Loading, ProblemBox } from './components/ProblemBox';
import { useGet, useRoute } from './hooks';
import type { YearSummary } from './types';
import { DiffView } from './views/DiffView';
import { ImpactView } from './views/ImpactView';
import { MatrixView } from './views/MatrixView';
import { NotFound } from './views/NotFound';
import { TryView } from './views/TryView';
import { YearView } from './views/YearView';

/** Each view, and how many address parts it takes after its name (the first `years` of them years). */
const VIEWS = [
  { id: 'year', label: 'Year', args: 1, years: 1 },
  { id: 'matrix', label: 'Across years', args: 1, years: 0 },
  { id: 'diff', label: 'Diff', args: 2, years: 2 },
  { id: 'try', label: 'Try it', args: 1, years: 1 },
  { id: 'impact', label: 'Impact', args: 0, years: 0 },
] as const;

function App() {
  const [route, go] = useRoute();
  const years = useGet<{ years: YearSummary[] }>('/v1/years');
  const list = years.data?.years ?? [];
  const yearIds = list.map((y) => y.year);
  const latest = yearIds.at(-1);
  const yearArg = (i: number, fallback: number | undefined) => {
    const n = Number(route.args[i]);
    return yearIds.includes(n) ? n : fallback;
  };
  // The view the address names, if it takes that many parts; then the first part where a year
  // goes that is not one of the years (once they are known).
  const spec = VIEWS.find((v) => v.id === route.view && route.args.length <= v.args);
  const badYear = spec && list.length ? route.args.slice(0, spec.years).findIndex((a) => !yearIds.some((y) => String(y) === a)) : -1;
  const view = badYear < 0 ? spec?.id : undefined;
  // The year last looked at carries over between the year view and the try view.
  const [picked, setPicked] = useState<number | undefined>();
  const routeYear = view === 'year' || view === 'try' ? yearArg(0, undefined) : undefined;
  useEffect(() => {
    if (routeYear !== undefined) setPicked(routeYear);
  }, [routeYear]);
  const current = picked ?? latest;
  const hrefOf = (id: string) => (id === 'year' || id === 'try') && current !== undefined ? `#/${id}/${current}` : `#/${id}`;

  let body;
  if (years.error) body = <ProblemBox problem={years.error} />;
  else if (!years.data || latest === undefined) body = <Loading what="the years" />;
  else if (!spec) {
    body = <NotFound title={<>No page at <code>#/{[route.view, ...route.args].join('/')}</code></>} lead="The page has these views:" links={VIEWS.map((v) => ({ href: hrefOf(v.id), label: v.label }))} />;
  } else if (badYear >= 0) {
    const bad = route.args[badYear];
    const at = (y: number) => `#/${[spec.id, ...route.args.map((a, i) => (i === badYear ? y : a))].join('/')}`;
    body = (
      <NotFound
        title={/^\d+$/.test(bad) ? `No performance year ${bad}` : <>“{bad}” is not a performance year</>}
        lead={`The packs cover the performance years ${yearIds[0]} to ${latest}. Pick one:`}
        links={yearIds.map((y) => ({ href: at(y), label: String(y) }))}
      />
    );
  } else if (view === 'year') body = <YearView years={list} year={yearArg(0, current)!} />;
  else if (view === 'matrix') body = <MatrixView years={list} activity={route.args[0]} onOpen={(id) => go('matrix', ...(id ? [id] : []))} />;
  else if (view === 'diff') body = <DiffView years={yearIds} from={yearArg(0, yearIds.at(-2) ?? latest)!} to={yearArg(1, latest)!} />;
  else if (view === 'try') body = <TryView years={list} year={yearArg(0, current)!} />;
  else body = <ImpactView years={yearIds} />;

  return (
    <>
      <header class="top">
        <div class="brand">
          <h1>MIPS Improvement Activities</h1>
          <span class="muted">
            {list.length ? `${list.length} performance years, ${yearIds[0]}–${latest}` : ''} · the packs as pictures, from the <a href="/docs/">/v1 API</a>
          </span>
        </div>
        <nav aria-label="Views">
          <ul>
            {VIEWS.map((v) => (
              <li key={v.id}>
                <a href={hrefOf(v.id)} aria-current={view === v.id ? 'page' : undefined}>{v.label}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main">{body}</main>
    </>
  );
}

const root = document.getElementById('app')!;
root.textContent = '';
render(<App />, root);
