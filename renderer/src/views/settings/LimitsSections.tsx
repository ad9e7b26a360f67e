/** Budgets per provider prefix, and the quota alert thresholds with the default stop-at share. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { SpendLimitView } from '../../../../core/shared/contract.js';
import { strings } from '../../../../core/shared/strings/dashboard.js';
import { useStores } from '../context';
import { parseOptionalPercent, parseOptionalUsd, parsePercentList } from './parse';
import { SaveStatus, useSave } from './useSave';

type Drafts = Record<string, { daily: string; monthly: string }>;

/** The two limits each provider's row edits, in the order they show. */
const PERIODS = ['daily', 'monthly'] as const;

function draftsOf(prefixes: readonly string[], budgets: Record<string, SpendLimitView>): Drafts {
  // A budget left behind by a removed provider still shows, so it can be cleared.
  const all = [...new Set([...prefixes, ...Object.keys(budgets)])].sort();
  return Object.fromEntries(
    all.map((prefix) => [
      prefix,
      {
        daily: budgets[prefix]?.dailyUsd?.toString() ?? '',
        monthly: budgets[prefix]?.monthlyUsd?.toString() ?? '',
      },
    ]),
  );
}

export function BudgetsSection() {
  const { settings: store } = useStores();
  const settings = useStore(store, (state) => state.settings);
  const busy = useStore(store, (state) => state.busy);
  const ids = useId();
  const { save, refuse, problem, saved } = useSave();
  const [drafts, setDrafts] = useState<Drafts>({});
  // Reset only when the saved values change, not on every reload of the same ones.
  const savedKey =
    settings === undefined ? '' : JSON.stringify([settings.prefixes, settings.budgets.providers]);
  useEffect(() => {
    if (savedKey === '') return;
    const [prefixes, budgets] = JSON.parse(savedKey) as [string[], Record<string, SpendLimitView>];
    setDrafts(draftsOf(prefixes, budgets));
  }, [savedKey]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const providers: Record<string, SpendLimitView | null> = {};
    for (const [prefix, draft] of Object.entries(drafts)) {
      const daily = parseOptionalUsd(draft.daily);
      const monthly = parseOptionalUsd(draft.monthly);
      if (daily === undefined || monthly === undefined) {
        refuse(strings.budgets.invalid(prefix));
        return;
      }
      providers[prefix] =
        daily === null && monthly === null
          ? null
          : {
              ...(daily === null ? {} : { dailyUsd: daily }),
              ...(monthly === null ? {} : { monthlyUsd: monthly }),
            };
    }
    void save({ budgets: { providers } });
  };

  const edit = (prefix: string, field: (typeof PERIODS)[number], value: string): void => {
    setDrafts((current) => ({
      ...current,
      [prefix]: { daily: '', monthly: '', ...current[prefix], [field]: value },
    }));
  };

  const rows = Object.entries(drafts);
  return (
    <section className="card" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{strings.budgets.heading}</h2>
      <p className="muted small">{strings.budgets.hint}</p>
      {settings === undefined && <p className="muted small">{strings.loading}</p>}
      {settings !== undefined && rows.length === 0 && (
        <p className="muted small">{strings.budgets.none}</p>
      )}
      {rows.length > 0 && (
        <form className="budgets" onSubmit={submit} noValidate>
          {rows.map(([prefix, draft]) => (
            <fieldset key={prefix} className="budget-row">
              <legend className="budget-row__prefix">
                <code>{prefix}</code>
              </legend>
              {PERIODS.map((period) => (
                <label key={period} className="budget-row__field">
                  <span className="muted small">{strings.budgets[period]}</span>
                  <input
                    className="input"
                    type="number"
                    inputMode="decimal"
                    min={0}
                    step="any"
                    value={draft[period]}
                    aria-label={strings.budgets[`${period}Label`](prefix)}
                    onChange={(event) => edit(prefix, period, event.target.value)}
                  />
                </label>
              ))}
            </fieldset>
          ))}
          <div className="editor__buttons">
            <button type="submit" className="button" disabled={busy}>
              {strings.budgets.save}
            </button>
          </div>
          <SaveStatus problem={problem} saved={saved} />
        </form>
      )}
    </section>
  );
}

export function AlertsSection() {
  const { settings: store } = useStores();
  const settings = useStore(store, (state) => state.settings);
  const busy = useStore(store, (state) => state.busy);
  const ids = useId();
  const { save, refuse, problem, saved } = useSave();
  const [thresholds, setThresholds] = useState('');
  const [stopAt, setStopAt] = useState('');
  const savedThresholds = settings?.alertThresholds.join(', ');
  const savedStopAt = settings?.stopAtPercent;
  useEffect(() => setThresholds(savedThresholds ?? ''), [savedThresholds]);
  useEffect(() => setStopAt(savedStopAt === undefined ? '' : String(savedStopAt)), [savedStopAt]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const alertThresholds = parsePercentList(thresholds);
    const stopAtPercent = parseOptionalPercent(stopAt);
    if (alertThresholds === undefined) refuse(strings.alerts.thresholdsInvalid);
    else if (stopAtPercent === undefined) refuse(strings.alerts.stopAtInvalid);
    else void save({ alertThresholds, stopAtPercent });
  };

  return (
    <section className="card" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{strings.alerts.heading}</h2>
      {settings === undefined ? (
        <p className="muted small">{strings.loading}</p>
      ) : (
        <form className="editor" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${ids}-thresholds`}>{strings.alerts.thresholds}</label>
            <input
              id={`${ids}-thresholds`}
              className="input"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={thresholds}
              aria-describedby={`${ids}-thresholds-hint`}
              onChange={(event) => setThresholds(event.target.value)}
            />
            <p id={`${ids}-thresholds-hint`} className="muted small">
              {strings.alerts.thresholdsHint}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-stop`}>{strings.alerts.stopAt}</label>
            <input
              id={`${ids}-stop`}
              className="input inline-form__input"
              type="number"
              inputMode="decimal"
              min={1}
              max={100}
              value={stopAt}
              aria-describedby={`${ids}-stop-hint`}
              onChange={(event) => setStopAt(event.target.value)}
            />
            <p id={`${ids}-stop-hint`} className="muted small">
              {strings.alerts.stopAtHint}
            </p>
          </div>
          <div className="editor__buttons">
            <button type="submit" className="button" disabled={busy}>
              {strings.alerts.save}
            </button>
          </div>
          <SaveStatus problem={problem} saved={saved} />
        </form>
      )}
    </section>
  );
}
