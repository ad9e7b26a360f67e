/** Shown in a browser opened without the dashboard link's token. */
import { strings } from '../../../core/shared/strings/dashboard.js';

export function NoToken() {
  return (
    <main className="page">
      <section className="card notice" role="alert" aria-labelledby="no-token-title">
        <h1 id="no-token-title">{strings.noToken.title}</h1>
        <p>{strings.noToken.body}</p>
        <p className="muted small">{strings.noToken.hint}</p>
      </section>
    </main>
  );
}
