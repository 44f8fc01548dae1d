// An address the page has no view for (#/nonsense, #/year/1999, #/diff/2024/soon): it says so
// and links to what exists, rather than quietly showing another view or year.

export interface Link {
  href: string;
  label: string;
}

export function NotFound({ title, lead, links }: { title: preact.ComponentChildren; lead: string; links: Link[] }) {
  return (
    <section class="card not-found" aria-labelledby="not-found-title">
      <h2 id="not-found-title">{title}</h2>
      <p>{lead}</p>
      <ul class="links">
        {links.map((l) => <li key={l.href}><a href={l.href}>{l.label}</a></li>)}
      </ul>
    </section>
  );
}
