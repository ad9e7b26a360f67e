/** The status page: is the server up, where is it, and how to point each tool at it. */
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { desktopBridge } from './bridge';
import { CopyButton } from './components/CopyButton';
import { SnippetCard } from './components/SnippetCard';
import { snippetsFor } from './snippets';
import type { StatusStore } from './stores/status';
import { strings } from './strings';

const POLL_MS = 5_000;

export function App({ status }: { status: StatusStore }) {
  const health = useStore(status, (state) => state.health);
  const endpoint = useStore(status, (state) => state.endpoint);
  const lastCheckedAt = useStore(status, (state) => state.lastCheckedAt);
  const check = useStore(status, (state) => state.check);
  const snippets = useMemo(() => snippetsFor(endpoint), [endpoint]);
  const desktop = desktopBridge();

  useEffect(() => {
    void check();
    const timer = window.setInterval(() => void check(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [check]);

  return (
    <main className="page">
      <header className="header">
        <img src="./icon.png" alt="" width={40} height={40} />
        <div>
          <h1>{strings.appName}</h1>
          <p className="muted">{strings.tagline}</p>
        </div>
      </header>

      <section className="card status" aria-label={strings.health.section}>
        <div className="status__row">
          <p className={`health health--${health}`} role="status">
            <span className="health__dot" aria-hidden="true" />
            {strings.health[health]}
          </p>
          <button type="button" className="button" onClick={() => void check()}>
            {strings.health.checkAgain}
          </button>
        </div>
        <div className="endpoint">
          <span className="endpoint__label">{strings.endpoint.label}</span>
          <code className="endpoint__url">{endpoint}</code>
          <CopyButton text={endpoint} what={strings.endpoint.label} />
        </div>
        {lastCheckedAt !== null && (
          <p className="muted small">
            {strings.health.lastChecked(new Date(lastCheckedAt).toLocaleTimeString())}
          </p>
        )}
      </section>

      <section className="snippets" aria-labelledby="snippets-heading">
        <h2 id="snippets-heading">{strings.snippets.heading}</h2>
        <p className="muted small">{strings.snippets.keyNote}</p>
        <div className="snippets__grid">
          {snippets.map((snippet) => (
            <SnippetCard key={snippet.id} snippet={snippet} />
          ))}
        </div>
      </section>

      {desktop !== undefined && (
        <footer className="muted small">{strings.desktop(desktop.version)}</footer>
      )}
    </main>
  );
}
