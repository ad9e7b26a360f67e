/**
 * Router keys: the list (never the keys, only their last characters), revoke
 * behind a confirmation, and a create form whose new key is shown once.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { RouterKeyView } from '../../../../core/shared/contract.js';
import { strings } from '../../../../core/shared/strings/dashboard.js';
import { ConfirmRemove } from '../../components/ConfirmRemove';
import { CopyButton } from '../../components/CopyButton';
import { useStores } from '../context';

export function KeysSection() {
  const { settings: store } = useStores();
  const keys = useStore(store, (state) => state.keys);
  const keyError = useStore(store, (state) => state.keyError);
  const busy = useStore(store, (state) => state.busy);
  const required = useStore(store, (state) => state.settings?.requireKeyOnLoopback ?? true);
  const ids = useId();
  const [name, setName] = useState('');
  const [confirming, setConfirming] = useState<string | undefined>(undefined);

  // The key lives in memory only while this section shows it.
  useEffect(() => () => store.getState().dismissKey(), [store]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (name.trim() === '' || busy) return;
    void store
      .getState()
      .createKey(name.trim())
      .then((created) => {
        if (created) setName('');
      });
  };

  return (
    <section className="card" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{strings.keys.heading}</h2>
      <p className="muted small">{strings.keys.hint}</p>
      <ShownKey />
      {keyError !== undefined && (
        <p className="bad small" role="alert">
          {keyError}
        </p>
      )}
      {keys === undefined && <p className="muted small">{strings.loading}</p>}
      {keys !== undefined && keys.length === 0 && (
        <p className="muted small">{strings.keys.none}</p>
      )}
      {keys !== undefined && keys.length > 0 && (
        <ul className="combos" aria-labelledby={`${ids}-heading`}>
          {keys.map((key) => (
            <KeyItem
              key={key.id}
              routerKey={key}
              confirming={confirming === key.id}
              lastRequired={required && keys.length === 1}
              busy={busy}
              onAsk={() => setConfirming(key.id)}
              onCancel={() => setConfirming(undefined)}
              onRevoke={() =>
                void store
                  .getState()
                  .revokeKey(key.id)
                  .then(() => setConfirming(undefined))
              }
            />
          ))}
        </ul>
      )}
      <form className="field" onSubmit={submit} noValidate>
        <label htmlFor={`${ids}-name`}>{strings.keys.name}</label>
        <div className="inline-form">
          <input
            id={`${ids}-name`}
            className="input inline-form__input"
            type="text"
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            value={name}
            aria-describedby={`${ids}-name-hint`}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button" disabled={busy || name.trim() === ''}>
            {busy ? strings.keys.creating : strings.keys.create}
          </button>
        </div>
        <p id={`${ids}-name-hint`} className="muted small">
          {strings.keys.nameHint}
        </p>
      </form>
    </section>
  );
}

function KeyItem({
  routerKey,
  confirming,
  lastRequired,
  busy,
  onAsk,
  onCancel,
  onRevoke,
}: {
  routerKey: RouterKeyView;
  confirming: boolean;
  lastRequired: boolean;
  busy: boolean;
  onAsk(): void;
  onCancel(): void;
  onRevoke(): void;
}) {
  const headingId = `key-${routerKey.id}`;
  const question = strings.keys.confirmRevoke(routerKey.name);
  return (
    <li className="combo-item" aria-labelledby={headingId}>
      <div className="row">
        <h3 id={headingId} className="key-item__name">
          {routerKey.name}
        </h3>
        <span className="muted small">
          <code>{strings.keys.endsIn(routerKey.hint)}</code> ·{' '}
          {strings.keys.created(routerKey.createdAt.slice(0, 10))}
        </span>
      </div>
      {confirming ? (
        <ConfirmRemove
          label={strings.keys.revoke}
          // Revoking is never refused (a leaked key must go); the last one only gets a warning.
          question={lastRequired ? `${question} ${strings.keys.lastKeyWarning}` : question}
          cancel={strings.keys.cancel}
          confirm={strings.keys.confirm}
          busy={busy}
          onCancel={onCancel}
          onConfirm={onRevoke}
        />
      ) : (
        <div className="combo-item__actions">
          <button
            type="button"
            className="button button--quiet"
            aria-label={strings.keys.revokeLabel(routerKey.name)}
            onClick={onAsk}
          >
            {strings.keys.revoke}
          </button>
        </div>
      )}
    </li>
  );
}

/** The key just created, with a copy button; focus moves here so it is announced. */
function ShownKey() {
  const { settings: store } = useStores();
  const shown = useStore(store, (state) => state.shownKey);
  const box = useRef<HTMLDivElement>(null);
  const id = shown?.id;
  useEffect(() => {
    if (id !== undefined) box.current?.focus();
  }, [id]);
  if (shown === undefined) return null;
  const label = strings.keys.newKey(shown.name);
  return (
    <div className="shown-key" role="group" aria-label={label} tabIndex={-1} ref={box}>
      <p className="shown-key__title">{label}</p>
      <div className="endpoint">
        <code className="endpoint__url" data-testid="new-router-key">
          {shown.key}
        </code>
        <CopyButton text={shown.key} what={strings.keys.what} />
      </div>
      <p className="warn small">{strings.keys.shownOnce}</p>
      <div className="combo-item__actions">
        <button type="button" className="button" onClick={() => store.getState().dismissKey()}>
          {strings.keys.done}
        </button>
      </div>
    </div>
  );
}
