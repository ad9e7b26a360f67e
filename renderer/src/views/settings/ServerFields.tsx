/** The server's port (saved for the next start) and whether this computer needs a key too. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { strings } from '../../../../core/shared/strings/dashboard.js';
import { useStores } from '../context';
import { parsePort } from './parse';
import { SaveStatus, useSave } from './useSave';

export function ServerFields() {
  const { settings: store } = useStores();
  const settings = useStore(store, (state) => state.settings);
  const busy = useStore(store, (state) => state.busy);
  const ids = useId();
  const { save, refuse, problem, saved } = useSave();
  const toggle = useSave();
  const [port, setPort] = useState('');
  const savedPort = settings?.port;
  useEffect(() => setPort(savedPort === undefined ? '' : String(savedPort)), [savedPort]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const value = parsePort(port);
    if (value === undefined) refuse(strings.settings.portInvalid);
    else void save({ port: value });
  };

  if (settings === undefined) return null;
  const moved = settings.port !== settings.listeningPort;
  return (
    <>
      <form className="field" onSubmit={submit} noValidate>
        <label htmlFor={`${ids}-port`}>{strings.settings.port}</label>
        <div className="inline-form">
          <input
            id={`${ids}-port`}
            className="input inline-form__input"
            type="number"
            inputMode="numeric"
            min={1}
            max={65_535}
            step={1}
            value={port}
            aria-describedby={`${ids}-port-note`}
            aria-invalid={problem !== undefined}
            onChange={(event) => setPort(event.target.value)}
          />
          <button type="submit" className="button" disabled={busy}>
            {strings.settings.apply}
          </button>
        </div>
        <p id={`${ids}-port-note`} className={moved ? 'warn small' : 'muted small'}>
          {moved
            ? strings.settings.restartNote(settings.port, settings.listeningPort)
            : `${strings.settings.listening(settings.listeningPort)} ${strings.settings.portHint}`}
        </p>
        <SaveStatus problem={problem} saved={saved} />
      </form>
      <label className="toggle">
        <input
          type="checkbox"
          role="switch"
          checked={settings.requireKeyOnLoopback}
          disabled={busy}
          aria-describedby={`${ids}-key-hint`}
          onChange={(event) => void toggle.save({ requireKeyOnLoopback: event.target.checked })}
        />
        {strings.settings.requireKey}
      </label>
      <p id={`${ids}-key-hint`} className="muted small">
        {strings.settings.requireKeyHint}
      </p>
      {toggle.problem !== undefined && <SaveStatus problem={toggle.problem} saved={false} />}
    </>
  );
}
