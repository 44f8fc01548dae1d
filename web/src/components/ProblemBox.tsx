import type { Problem } from '../types';

/** An API problem (RFC 9457) as a readable alert: what went wrong, and each problem at its path. */
export function ProblemBox({ problem }: { problem: Problem }) {
  return (
    <div class="problem" role="alert">
      <strong>{problem.title}</strong>
      {problem.status ? <span class="muted"> ({problem.status})</span> : null}
      {problem.detail ? <p>{problem.detail}</p> : null}
      {problem.errors?.length ? (
        <ul>
          {problem.errors.slice(0, 20).map((e, i) => (
            <li key={i}>
              {e.line !== undefined ? <code>{`${e.file ?? ''}:${e.line}:${e.col ?? 0}`}</code> : null} {e.path ? <code>{e.path}</code> : null} {e.message}{' '}
              <span class="muted">{e.code}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <p class="loading" role="status">Loading {what}…</p>;
}
