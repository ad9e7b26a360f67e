/** Where Switchyard keeps its files (read-only here: chosen at start) and how long requests stay. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { strings } from '../../../../core/shared/strings/dashboard.js';
import { CopyButton } from '../../components/CopyButton';
import { useStores } from '../context';
import { parseDays } from './parse';
import { SaveStatus, useSave } from './useSave';

export function DataSection() {
  const { settings: store } = useStores();
  const settings = useStore(store, (state) => state.settings);
  const busy = useStore(store, (state) => state.busy);
  const ids = useId();
  const { save, refuse, problem, saved } = useSave();
  const [days, setDays] = useState('');
  const savedDays = settings?.retentionDays;
  useEffect(() => setDays(savedDays === undefined ? '' : String(savedDays)), [savedDays]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const retentionDays = parseDays(days);
    if (retentionDays === undefined) refuse(strings.data.retentionInvalid);
    else void save({ retentionDays });
  };

  return (
    <section className="card" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{strings.data.heading}</h2>
      {settings === undefined ? (
        <p className="muted small">{strings.loading}</p>
      ) : (
        <>
          <div className="field">
            <span className="field__label" id={`${ids}-dir`}>
              {strings.data.dir}
            </span>
            <div className="endpoint">
              <code className="endpoint__url" aria-labelledby={`${ids}-dir`}>
                {settings.dataDir.path}
              </code>
              <CopyButton text={settings.dataDir.path} what={strings.data.dir} />
            </div>
            <p className="muted small">
              {strings.data.dirHint(settings.dataDir.flag, settings.dataDir.env)}
            </p>
          </div>
          <form className="field" onSubmit={submit} noValidate>
            <label htmlFor={`${ids}-days`}>{strings.data.retention}</label>
            <div className="inline-form">
              <input
                id={`${ids}-days`}
                className="input inline-form__input"
                type="number"
                inputMode="numeric"
                min={1}
                max={3_650}
                step={1}
                value={days}
                aria-describedby={`${ids}-days-hint`}
                onChange={(event) => setDays(event.target.value)}
              />
              <button type="submit" className="button" disabled={busy}>
                {strings.data.save}
              </button>
            </div>
            <p id={`${ids}-days-hint`} className="muted small">
              {strings.data.retentionHint}
            </p>
            <SaveStatus problem={problem} saved={saved} />
          </form>
        </>
      )}
    </section>
  );
}
