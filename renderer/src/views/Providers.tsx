/** Every account with its kind, risk and status; enable, reorder, sign in again, remove; subscription sign-in and an API-key form. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { AccountView, ProviderKindView } from '../../../core/shared/contract.js';
import { strings } from '../../../core/shared/strings/dashboard.js';
import { ConfirmRemove } from '../components/ConfirmRemove';
import { ErrorBanner } from '../components/ErrorBanner';
import { useStores } from './context';
import { SignInSection } from './SignIn';

export function Providers() {
  const { providers: store } = useStores();
  const accounts = useStore(store, (state) => state.accounts);
  const error = useStore(store, (state) => state.error);
  const busy = useStore(store, (state) => state.busy);
  const { load, setEnabled, setPriority, remove, startLogin } = store.getState();
  useEffect(() => void load(), [load]);

  return (
    <>
      <section className="card" aria-labelledby="provider-list-heading">
        <h2 id="provider-list-heading">{strings.providers.heading}</h2>
        <p className="muted small">{strings.providers.hint}</p>
        {error !== undefined && <ErrorBanner message={error} onRetry={() => void load()} />}
        {accounts === undefined ? (
          <p className="muted small">{strings.loading}</p>
        ) : accounts.length === 0 ? (
          <p className="muted small">{strings.providers.none}</p>
        ) : (
          <ul className="combos" aria-label={strings.providers.heading}>
            {accounts.map((account) => (
              <AccountItem
                key={account.id}
                account={account}
                busy={busy}
                onEnabled={(enabled) => void setEnabled(account.id, enabled)}
                onPriority={(priority) => void setPriority(account.id, priority)}
                onRemove={() => remove(account.id)}
                onSignIn={() => void startLogin(account.kind, account.id)}
              />
            ))}
          </ul>
        )}
      </section>
      <SignInSection />
      <AddApiKeyForm />
    </>
  );
}

function AccountItem({
  account,
  busy,
  onEnabled,
  onPriority,
  onRemove,
  onSignIn,
}: {
  account: AccountView;
  busy: boolean;
  onEnabled: (enabled: boolean) => void;
  onPriority: (priority: number) => void;
  onRemove: () => Promise<boolean>;
  onSignIn: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const saved = account.priority ?? 0;
  const [priority, setPriorityText] = useState(String(saved));
  useEffect(() => setPriorityText(String(saved)), [saved]);
  const name = account.label ?? account.id;
  const headingId = `account-${account.id}`;
  const commitPriority = (): void => {
    const value = Number(priority);
    if (priority.trim() === '' || !Number.isInteger(value)) {
      setPriorityText(String(saved));
    } else if (value !== saved) {
      onPriority(value);
    }
  };
  return (
    <li className="combo-item" aria-labelledby={headingId}>
      <div className="row">
        <h3 id={headingId}>
          {name}
          {account.termsRisk !== 'none' && (
            <span className="tag tag--warn">{strings.providers.risk(account.termsRisk)}</span>
          )}
        </h3>
        <span className="muted small">{strings.accounts.state[account.state]}</span>
      </div>
      <p className="muted small">
        {account.displayName} · {strings.providers.kind(account.kind)} ·{' '}
        <code>{account.prefix}</code>
        {account.stateDetail === undefined ? '' : ` · ${account.stateDetail}`}
      </p>
      <div className="provider-item__controls">
        <label className="toggle">
          <input
            type="checkbox"
            role="switch"
            checked={account.enabled}
            disabled={busy}
            aria-label={strings.providers.enabledLabel(name)}
            onChange={(event) => onEnabled(event.target.checked)}
          />
          {strings.providers.enabled}
        </label>
        <label className="toggle">
          {strings.providers.priority}
          <input
            type="number"
            className="input provider-item__priority"
            step={1}
            inputMode="numeric"
            value={priority}
            disabled={busy}
            aria-label={strings.providers.priorityLabel(name)}
            onChange={(event) => setPriorityText(event.target.value)}
            onBlur={commitPriority}
            onKeyDown={(event) => {
              if (event.key === 'Enter') commitPriority();
            }}
          />
        </label>
      </div>
      {confirming ? (
        <ConfirmRemove
          label={strings.providers.remove}
          question={strings.providers.confirmRemove(name)}
          cancel={strings.providers.cancel}
          confirm={strings.providers.confirm}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void onRemove().then(() => setConfirming(false))}
        />
      ) : (
        <div className="combo-item__actions">
          {account.auth === 'oauth' && (
            <button
              type="button"
              // Prominent when routing skips the account until it signs in again.
              className={account.state === 'needs-login' ? 'button' : 'button button--quiet'}
              aria-label={strings.providers.signInAgainLabel(name)}
              onClick={onSignIn}
            >
              {strings.providers.signInAgain}
            </button>
          )}
          <button
            type="button"
            className="button button--quiet"
            aria-label={strings.providers.removeLabel(name)}
            onClick={() => setConfirming(true)}
          >
            {strings.providers.remove}
          </button>
        </div>
      )}
    </li>
  );
}

function AddApiKeyForm() {
  const { providers: store } = useStores();
  const kinds = useStore(store, (state) => state.kinds);
  const addError = useStore(store, (state) => state.addError);
  const addUnreachable = useStore(store, (state) => state.addUnreachable);
  const checking = useStore(store, (state) => state.checking);
  const busy = useStore(store, (state) => state.busy);
  const ids = useId();
  const keyKinds = kinds.filter((kind) => !kind.signIn);
  const [kindId, setKindId] = useState('');
  const [id, setId] = useState('');
  const [prefix, setPrefix] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const kind: ProviderKindView | undefined =
    keyKinds.find((candidate) => candidate.id === kindId) ?? keyKinds[0];

  /** Sends the form; `saveUnchecked` is "Save anyway" after the provider could not be reached. */
  const send = (saveUnchecked: boolean): void => {
    if (kind === undefined || busy) return;
    const draft = {
      kind: kind.id,
      apiKey,
      ...(id.trim() === '' ? {} : { id: id.trim() }),
      ...(prefix.trim() === '' ? {} : { prefix: prefix.trim() }),
      ...(baseUrl.trim() === '' ? {} : { baseUrl: baseUrl.trim() }),
      ...(saveUnchecked ? { saveUnchecked: true } : {}),
    };
    void store
      .getState()
      .add(draft)
      .then((added) => {
        // A refused key is not kept for another try; one the provider could not
        // check stays in the field, for "Save anyway".
        if (added || !store.getState().addUnreachable) setApiKey('');
        if (added) {
          setId('');
          setPrefix('');
          setBaseUrl('');
        }
      });
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    send(false);
  };

  return (
    <form className="card editor" aria-labelledby={`${ids}-heading`} onSubmit={submit} noValidate>
      <h2 id={`${ids}-heading`}>{strings.providers.addHeading}</h2>
      <div className="field">
        <label htmlFor={`${ids}-kind`}>{strings.providers.kindField}</label>
        <select
          id={`${ids}-kind`}
          className="select"
          value={kind?.id ?? ''}
          onChange={(event) => setKindId(event.target.value)}
        >
          {keyKinds.map((option) => (
            <option key={option.id} value={option.id}>
              {option.displayName}
            </option>
          ))}
        </select>
        {kind?.keyUrl !== undefined && (
          <a className="small" href={kind.keyUrl} target="_blank" rel="noreferrer">
            {strings.providers.keyUrl}
          </a>
        )}
        {kind !== undefined && kind.termsRisk !== 'none' && (
          <p className="muted small">{strings.providers.risk(kind.termsRisk)}</p>
        )}
      </div>
      <TextField
        id={`${ids}-id`}
        label={strings.providers.id}
        hint={strings.providers.idHint}
        value={id}
        onChange={setId}
      />
      <TextField
        id={`${ids}-prefix`}
        label={strings.providers.prefix}
        hint={strings.providers.prefixHint}
        value={prefix}
        onChange={setPrefix}
      />
      <div className="field">
        <label htmlFor={`${ids}-key`}>{strings.providers.key}</label>
        <input
          id={`${ids}-key`}
          className="input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={apiKey}
          aria-describedby={`${ids}-key-hint`}
          aria-invalid={addError !== undefined}
          onChange={(event) => setApiKey(event.target.value)}
        />
        <p id={`${ids}-key-hint`} className="muted small">
          {strings.providers.keyHint}
        </p>
      </div>
      <TextField
        id={`${ids}-base`}
        label={strings.providers.baseUrl}
        hint={strings.providers.baseUrlHint}
        value={baseUrl}
        type="url"
        onChange={setBaseUrl}
      />
      {checking && (
        <p className="muted small" role="status">
          {strings.providers.checking}
        </p>
      )}
      {addError !== undefined && (
        <p className="bad small" role="alert">
          {addError}
        </p>
      )}
      <div className="editor__buttons">
        <button
          type="submit"
          className="button"
          disabled={busy || kind === undefined || apiKey.trim() === ''}
        >
          {checking ? strings.providers.adding : strings.providers.add}
        </button>
        {addUnreachable && (
          <button
            type="button"
            className="button button--quiet"
            disabled={busy || kind === undefined || apiKey.trim() === ''}
            title={strings.providers.saveAnywayHint}
            onClick={() => send(true)}
          >
            {strings.providers.saveAnyway}
          </button>
        )}
      </div>
    </form>
  );
}

function TextField({
  id,
  label,
  hint,
  value,
  type = 'text',
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  value: string;
  type?: 'text' | 'url';
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type={type}
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-hint`} className="muted small">
        {hint}
      </p>
    </div>
  );
}
