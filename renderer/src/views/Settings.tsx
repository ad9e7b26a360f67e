/**
 * Server facts and settings (URL, version, port, keys required), router keys,
 * budgets, quota alerts, the data folder, the request log, coding tools and
 * snippets.
 */
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { strings } from '../../../core/shared/strings/dashboard.js';
import { CopyButton } from '../components/CopyButton';
import { ErrorBanner } from '../components/ErrorBanner';
import { SnippetCard } from '../components/SnippetCard';
import { formatTime } from '../format';
import { snippetsFor } from '../snippets';
import { useStores } from './context';
import { DataSection } from './settings/DataSection';
import { KeysSection } from './settings/KeysSection';
import { AlertsSection, BudgetsSection } from './settings/LimitsSections';
import { ServerFields } from './settings/ServerFields';

export function Settings() {
  const { settings } = useStores();
  useEffect(() => void settings.getState().load(), [settings]);
  return (
    <>
      <ServerSection />
      <KeysSection />
      <BudgetsSection />
      <AlertsSection />
      <DataSection />
      <DebugLogSection />
      <ToolsSection />
      <SnippetsSection />
    </>
  );
}

function ServerSection() {
  const { server, health: healthStore } = useStores();
  const status = useStore(server, (state) => state.status);
  const health = useStore(healthStore, (state) => state.health);
  const check = useStore(healthStore, (state) => state.check);
  const endpoint = useStore(healthStore, (state) => state.endpoint);
  const saving = useStore(server, (state) => state.saving);
  const setPaused = useStore(server, (state) => state.setPaused);
  const url = status?.url ?? endpoint;
  useEffect(() => void check(), [check]);
  return (
    <section className="card" aria-labelledby="server-heading">
      <div className="row">
        <h2 id="server-heading">{strings.settings.server}</h2>
        <p className={`health health--${health}`} role="status">
          <span className="health__dot" aria-hidden="true" />
          {strings.health[health]}
        </p>
      </div>
      <dl className="facts">
        <dt>{strings.settings.url}</dt>
        <dd className="endpoint">
          <code className="endpoint__url">{url}</code>
          <CopyButton text={url} what={strings.settings.url} />
        </dd>
        <dt>{strings.settings.version}</dt>
        <dd>{status?.version ?? strings.loading}</dd>
      </dl>
      <label className="toggle">
        <input
          type="checkbox"
          role="switch"
          checked={status?.paused ?? false}
          disabled={saving || status === undefined}
          onChange={(event) => void setPaused(event.target.checked)}
        />
        {strings.settings.pause}
      </label>
      <p className="muted small">{strings.settings.pauseHint}</p>
      <ServerFields />
    </section>
  );
}

function DebugLogSection() {
  const { server, debugLog } = useStores();
  const enabled = useStore(server, (state) => state.status?.debugLog ?? false);
  const saving = useStore(server, (state) => state.saving);
  const setEnabled = useStore(server, (state) => state.setDebugLog);
  const serverError = useStore(server, (state) => state.error);
  const entries = useStore(debugLog, (state) => state.entries);
  const error = useStore(debugLog, (state) => state.error);
  const load = useStore(debugLog, (state) => state.load);
  useEffect(() => void load(), [load, enabled]);
  const now = Date.now();
  return (
    <section className="card" aria-labelledby="debug-heading">
      <div className="row">
        <h2 id="debug-heading">{strings.settings.debugLog}</h2>
        <button type="button" className="button" onClick={() => void load()}>
          {strings.settings.refresh}
        </button>
      </div>
      <p className="muted small">{strings.settings.debugLogHint}</p>
      <label className="toggle">
        <input
          type="checkbox"
          role="switch"
          checked={enabled}
          disabled={saving}
          onChange={(event) => void setEnabled(event.target.checked)}
        />
        {strings.settings.debugLogToggle}
      </label>
      {serverError !== undefined && <ErrorBanner message={serverError} />}
      {error !== undefined && <ErrorBanner message={error} onRetry={() => void load()} />}
      {entries !== undefined && entries.length === 0 && (
        <p className="muted small">{strings.settings.debugLogEmpty}</p>
      )}
      {entries !== undefined && entries.length > 0 && (
        <ol className="log">
          {entries.map((entry) => (
            <li key={entry.requestId}>
              <details>
                <summary>
                  {formatTime(entry.at, now)} {entry.method} {entry.path}
                  {entry.status !== undefined && ` · ${entry.status}`}
                </summary>
                <pre className="code" tabIndex={0}>
                  <code>
                    {Object.entries(entry.requestHeaders)
                      .map(([name, value]) => `${name}: ${value}`)
                      .join('\n')}
                    {'\n\n'}
                    {entry.requestBody}
                  </code>
                </pre>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function ToolsSection() {
  const { tools: store } = useStores();
  const tools = useStore(store, (state) => state.tools);
  const previews = useStore(store, (state) => state.previews);
  const notes = useStore(store, (state) => state.notes);
  const busy = useStore(store, (state) => state.busy);
  const error = useStore(store, (state) => state.error);
  const actions = useStore(
    store,
    useShallow((state) => ({
      load: state.load,
      preview: state.preview,
      connect: state.connect,
      disconnect: state.disconnect,
    })),
  );
  useEffect(() => void actions.load(), [actions]);
  return (
    <section className="card" aria-labelledby="tools-heading">
      <h2 id="tools-heading">{strings.tools.heading}</h2>
      <p className="muted small">{strings.tools.hint}</p>
      {error !== undefined && <ErrorBanner message={error} onRetry={() => void actions.load()} />}
      {tools === undefined && <p className="muted small">{strings.loading}</p>}
      <ul className="tools">
        {(tools ?? []).map((tool) => (
          <li key={tool.id} className="tool" aria-labelledby={`tool-${tool.id}`}>
            <div className="row">
              <h3 id={`tool-${tool.id}`}>
                {tool.displayName}{' '}
                <span className="muted small">
                  {tool.installed ? strings.tools.installed : strings.tools.notInstalled}
                </span>
              </h3>
              <span className={`state tool--${tool.status}`}>
                {strings.tools.status[tool.status]}
              </span>
            </div>
            <p className="muted small">{tool.detail}</p>
            {tool.byHand ? (
              <>
                <p className="small">{strings.tools.byHand}</p>
                <pre className="code" tabIndex={0}>
                  <code>{(tool.instructions ?? []).join('\n')}</code>
                </pre>
              </>
            ) : tool.keyEnv !== undefined ? (
              <p className="small">{strings.tools.keyInTerminal(tool.keyEnv)}</p>
            ) : (
              <div className="row">
                {tool.status !== 'connected' && (
                  <button
                    type="button"
                    className="button"
                    disabled={busy !== undefined}
                    onClick={() => void actions.preview(tool.id)}
                  >
                    {strings.tools.preview}
                  </button>
                )}
                {previews[tool.id] !== undefined && (
                  <button
                    type="button"
                    className="button"
                    disabled={busy !== undefined}
                    onClick={() => void actions.connect(tool.id)}
                  >
                    {strings.tools.connect}
                  </button>
                )}
                {tool.status !== 'not-connected' && (
                  <button
                    type="button"
                    className="button"
                    disabled={busy !== undefined}
                    onClick={() => void actions.disconnect(tool.id)}
                  >
                    {strings.tools.disconnect}
                  </button>
                )}
              </div>
            )}
            {previews[tool.id] !== undefined && (
              <pre
                className="code"
                tabIndex={0}
                aria-label={strings.tools.diffLabel(tool.displayName)}
              >
                <code>{previews[tool.id] === '' ? strings.tools.noChange : previews[tool.id]}</code>
              </pre>
            )}
            {(notes[tool.id] ?? []).length > 0 && (
              <ul className="small">
                {(notes[tool.id] ?? []).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SnippetsSection() {
  const { health } = useStores();
  const endpoint = useStore(health, (state) => state.endpoint);
  const snippets = useMemo(() => snippetsFor(endpoint), [endpoint]);
  return (
    <section className="snippets" aria-labelledby="snippets-heading">
      <h2 id="snippets-heading">{strings.snippets.heading}</h2>
      <p className="muted small">{strings.snippets.keyNote}</p>
      <div className="snippets__grid">
        {snippets.map((snippet) => (
          <SnippetCard key={snippet.id} snippet={snippet} />
        ))}
      </div>
    </section>
  );
}
