/** One "point your tool here" snippet: title, where it goes, the code and a copy button. */
import type { Snippet } from '../snippets';
import { CopyButton } from './CopyButton';

export function SnippetCard({ snippet }: { snippet: Snippet }) {
  const titleId = `snippet-${snippet.id}`;
  return (
    <section className="card snippet" aria-labelledby={titleId}>
      <div className="snippet__head">
        <div>
          <h3 id={titleId}>{snippet.title}</h3>
          <p className="muted small">{snippet.hint}</p>
        </div>
        <CopyButton text={snippet.code} what={snippet.title} />
      </div>
      {/* Focusable so keyboard users can scroll a long line sideways. */}
      <pre className="code" tabIndex={0} aria-labelledby={titleId}>
        <code>{snippet.code}</code>
      </pre>
    </section>
  );
}
