/**
 * The create/edit form for one combo: name, strategy, and an ordered list of
 * entries picked from the served models. Entries move by drag and drop or by
 * their up/down buttons, since dragging must never be the only way. The
 * server validates on save; its refusal is shown here, beside the form.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ComboDraft, ComboStrategy, ComboView } from '../../../core/shared/contract.js';
import { strings } from '../../../core/shared/strings/dashboard.js';
import { ErrorBanner } from './ErrorBanner';

const STRATEGIES: readonly ComboStrategy[] = ['fallback', 'round-robin', 'weighted'];

interface DraftEntry {
  /** A stable React key, so an entry keeps its DOM node (and focus) as it moves. */
  key: number;
  model: string;
  weight: number;
}

export interface ComboEditorProps {
  /** The combo being edited, or undefined for a new one. */
  combo: ComboView | undefined;
  /** Ids and combo names the picker offers. */
  models: readonly string[];
  busy: boolean;
  /** The server's reason for refusing the last save. */
  saveError: string | undefined;
  onSave: (draft: ComboDraft) => void;
  onCancel: () => void;
}

/** `list` with the item at `from` moved to `to` (both in range). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

export function ComboEditor({
  combo,
  models,
  busy,
  saveError,
  onSave,
  onCancel,
}: ComboEditorProps) {
  const ids = useId();
  const nextKey = useRef(0);
  const [name, setName] = useState(combo?.name ?? '');
  const [strategy, setStrategy] = useState<ComboStrategy>(combo?.strategy ?? 'fallback');
  const [entries, setEntries] = useState<DraftEntry[]>(() =>
    (combo?.entries ?? []).map((entry) => ({
      key: nextKey.current++,
      model: entry.model,
      weight: entry.weight,
    })),
  );
  const [pick, setPick] = useState('');
  const [localError, setLocalError] = useState<string | undefined>();
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState<number | undefined>();
  // After a keyboard move, focus follows the entry (to its other button at either end of the list).
  const [refocus, setRefocus] = useState<{ key: number; direction: 'up' | 'down' } | undefined>();
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (refocus === undefined) return;
    const item = listRef.current?.querySelector(`[data-entry="${refocus.key}"]`);
    const wanted = item?.querySelector<HTMLButtonElement>(`[data-move="${refocus.direction}"]`);
    const target =
      wanted !== null && wanted !== undefined && !wanted.disabled
        ? wanted
        : item?.querySelector<HTMLButtonElement>(
            `[data-move="${refocus.direction === 'up' ? 'down' : 'up'}"]`,
          );
    target?.focus();
    setRefocus(undefined);
  }, [refocus]);

  const move = (from: number, to: number): void => {
    const entry = entries[from];
    if (entry === undefined || to < 0 || to >= entries.length || from === to) return;
    setEntries(moveItem(entries, from, to));
    setAnnouncement(strings.comboEditor.moved(entry.model, to + 1, entries.length));
  };

  const add = (): void => {
    const model = pick.trim();
    if (model === '') return;
    if (entries.some((entry) => entry.model === model)) {
      setLocalError(strings.comboEditor.duplicate(model));
      return;
    }
    setEntries([...entries, { key: nextKey.current++, model, weight: 1 }]);
    setPick('');
    setLocalError(undefined);
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (name.trim() === '') return setLocalError(strings.comboEditor.needName);
    if (entries.length === 0) return setLocalError(strings.comboEditor.needEntry);
    setLocalError(undefined);
    onSave({
      name: name.trim(),
      strategy,
      entries: entries.map((entry) => ({ model: entry.model, weight: entry.weight })),
    });
  };

  const taken = new Set([...entries.map((entry) => entry.model), name]);
  const offered = models.filter((model) => !taken.has(model));
  const error = localError ?? saveError;
  const heading =
    combo === undefined
      ? strings.comboEditor.createHeading
      : strings.comboEditor.editHeading(combo.name);

  return (
    <form className="card editor" aria-labelledby={`${ids}-heading`} onSubmit={submit} noValidate>
      <h2 id={`${ids}-heading`}>{heading}</h2>
      <div className="field">
        <label htmlFor={`${ids}-name`}>{strings.comboEditor.name}</label>
        <input
          id={`${ids}-name`}
          className="input"
          value={name}
          // Renaming would save a copy under the new name, so an existing combo keeps its own.
          readOnly={combo !== undefined}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${ids}-name-hint`}
          onChange={(event) => setName(event.target.value)}
        />
        <p id={`${ids}-name-hint`} className="muted small">
          {strings.comboEditor.nameHint}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-strategy`}>{strings.comboEditor.strategy}</label>
        <select
          id={`${ids}-strategy`}
          className="select"
          value={strategy}
          aria-describedby={`${ids}-strategy-hint`}
          onChange={(event) => setStrategy(event.target.value as ComboStrategy)}
        >
          {STRATEGIES.map((option) => (
            <option key={option} value={option}>
              {strings.comboList.strategy[option]}
            </option>
          ))}
        </select>
        <p id={`${ids}-strategy-hint`} className="muted small">
          {strings.comboList.strategyHint[strategy]}
        </p>
      </div>
      <fieldset className="field editor__entries">
        <legend>{strings.comboEditor.entries}</legend>
        <p className="muted small">{strings.comboEditor.entriesHint}</p>
        {entries.length === 0 ? (
          <p className="muted small">{strings.comboEditor.noEntries}</p>
        ) : (
          <ol ref={listRef} className="editor__list" aria-label={strings.comboEditor.entries}>
            {entries.map((entry, index) => (
              <li
                key={entry.key}
                data-entry={entry.key}
                className={`editor__entry${dragging === index ? ' editor__entry--dragging' : ''}`}
                draggable
                onDragStart={(event) => {
                  event.dataTransfer.effectAllowed = 'move';
                  // Firefox starts a drag only when some data is set.
                  event.dataTransfer.setData('text/plain', entry.model);
                  setDragging(index);
                }}
                onDragOver={(event) => {
                  if (dragging === undefined) return;
                  event.preventDefault();
                  if (dragging !== index) {
                    setEntries(moveItem(entries, dragging, index));
                    setDragging(index);
                  }
                }}
                onDrop={(event) => event.preventDefault()}
                onDragEnd={() => setDragging(undefined)}
              >
                <span className="editor__grip" aria-hidden="true">
                  ⋮⋮
                </span>
                <span className="editor__position" aria-hidden="true">
                  {index + 1}.
                </span>
                <code className="editor__model">{entry.model}</code>
                {strategy === 'weighted' && (
                  <input
                    type="number"
                    className="input editor__weight"
                    min={0}
                    step="any"
                    value={entry.weight}
                    aria-label={strings.comboEditor.weightLabel(entry.model)}
                    onChange={(event) => {
                      const weight = Number(event.target.value);
                      setEntries(
                        entries.map((other) =>
                          other.key === entry.key ? { ...other, weight } : other,
                        ),
                      );
                    }}
                  />
                )}
                <span className="editor__actions">
                  <button
                    type="button"
                    className="icon-button"
                    data-move="up"
                    disabled={index === 0}
                    aria-label={strings.comboEditor.moveUp(entry.model)}
                    onClick={() => {
                      move(index, index - 1);
                      setRefocus({ key: entry.key, direction: 'up' });
                    }}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    data-move="down"
                    disabled={index === entries.length - 1}
                    aria-label={strings.comboEditor.moveDown(entry.model)}
                    onClick={() => {
                      move(index, index + 1);
                      setRefocus({ key: entry.key, direction: 'down' });
                    }}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={strings.comboEditor.removeEntry(entry.model)}
                    onClick={() => setEntries(entries.filter((other) => other.key !== entry.key))}
                  >
                    ×
                  </button>
                </span>
              </li>
            ))}
          </ol>
        )}
        <p className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>
        <div className="editor__add">
          <label htmlFor={`${ids}-pick`} className="visually-hidden">
            {strings.comboEditor.picker}
          </label>
          <input
            id={`${ids}-pick`}
            className="input"
            list={`${ids}-models`}
            value={pick}
            placeholder={strings.comboEditor.picker}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${ids}-pick-hint`}
            onChange={(event) => setPick(event.target.value)}
            onKeyDown={(event) => {
              // Enter adds the entry rather than saving the whole form.
              if (event.key === 'Enter') {
                event.preventDefault();
                add();
              }
            }}
          />
          <datalist id={`${ids}-models`}>
            {offered.map((model) => (
              <option key={model} value={model} />
            ))}
          </datalist>
          <button type="button" className="button" onClick={add} disabled={pick.trim() === ''}>
            {strings.comboEditor.add}
          </button>
        </div>
        <p id={`${ids}-pick-hint`} className="muted small">
          {strings.comboEditor.pickerHint}
        </p>
      </fieldset>
      {error !== undefined && <ErrorBanner message={error} />}
      <div className="editor__buttons">
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {strings.comboEditor.cancel}
        </button>
        <button type="submit" className="button" disabled={busy}>
          {busy ? strings.comboEditor.saving : strings.comboEditor.save}
        </button>
      </div>
    </form>
  );
}
