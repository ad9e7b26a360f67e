/** Every combo with its strategy and entries, the active one marked; create, edit, delete, activate. */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ComboView } from '../../../core/shared/contract.js';
import { strings } from '../../../core/shared/strings/dashboard.js';
import { ComboEditor } from '../components/ComboEditor';
import { ConfirmRemove } from '../components/ConfirmRemove';
import { ErrorBanner } from '../components/ErrorBanner';
import { useStores } from './context';

/** Which form is open: none, a new combo, or one combo by name. */
type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; name: string };

export function Combos() {
  const { combos: store } = useStores();
  const combos = useStore(store, (state) => state.combos);
  const models = useStore(store, (state) => state.models);
  const error = useStore(store, (state) => state.error);
  const saveError = useStore(store, (state) => state.saveError);
  const busy = useStore(store, (state) => state.busy);
  const { load, save, remove, activate, clearSaveError } = store.getState();
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  useEffect(() => void load(), [load]);

  const open = (next: Editing): void => {
    clearSaveError();
    setEditing(next);
  };
  const edited =
    editing.kind === 'edit' ? combos?.find((combo) => combo.name === editing.name) : undefined;

  return (
    <>
      <section className="card" aria-labelledby="combo-list-heading">
        <div className="row">
          <h2 id="combo-list-heading">{strings.comboList.heading}</h2>
          <button
            type="button"
            className="button"
            disabled={editing.kind === 'new'}
            onClick={() => open({ kind: 'new' })}
          >
            {strings.comboList.create}
          </button>
        </div>
        <p className="muted small">{strings.comboList.hint}</p>
        {error !== undefined && <ErrorBanner message={error} onRetry={() => void load()} />}
        {combos === undefined ? (
          <p className="muted small">{strings.loading}</p>
        ) : combos.length === 0 ? (
          <p className="muted small">{strings.comboList.none}</p>
        ) : (
          <ul className="combos" aria-label={strings.comboList.heading}>
            {combos.map((combo) => (
              <ComboItem
                key={combo.name}
                combo={combo}
                busy={busy}
                onActivate={() => void activate(combo.name)}
                onEdit={() => open({ kind: 'edit', name: combo.name })}
                onRemove={async () => {
                  const removed = await remove(combo.name);
                  if (removed && editing.kind === 'edit' && editing.name === combo.name) {
                    setEditing({ kind: 'none' });
                  }
                  return removed;
                }}
              />
            ))}
          </ul>
        )}
      </section>
      {editing.kind !== 'none' && (
        <ComboEditor
          // A fresh form for each combo opened, so no half-edited state leaks between them.
          key={editing.kind === 'edit' ? `edit:${editing.name}` : 'new'}
          combo={edited}
          models={models}
          busy={busy}
          saveError={saveError}
          onCancel={() => open({ kind: 'none' })}
          onSave={(draft) =>
            void save(draft).then((saved) => {
              if (saved) setEditing({ kind: 'none' });
            })
          }
        />
      )}
    </>
  );
}

function ComboItem({
  combo,
  busy,
  onActivate,
  onEdit,
  onRemove,
}: {
  combo: ComboView;
  busy: boolean;
  onActivate: () => void;
  onEdit: () => void;
  onRemove: () => Promise<boolean>;
}) {
  const [confirming, setConfirming] = useState(false);
  const headingId = `combo-${combo.name}`;
  return (
    <li
      className={`combo-item${combo.active ? ' combo-item--active' : ''}`}
      aria-labelledby={headingId}
    >
      <div className="row">
        <h3 id={headingId}>
          {combo.name}
          {combo.active && <span className="tag tag--active">{strings.comboList.active}</span>}
        </h3>
        <span className="muted small">{strings.comboList.strategy[combo.strategy]}</span>
      </div>
      <ol className="combo-item__entries" aria-label={strings.comboList.entriesLabel(combo.name)}>
        {combo.entries.map((entry) => (
          <li key={entry.model}>
            <code>{entry.model}</code>
            {combo.strategy === 'weighted' && (
              <span className="muted small"> · {strings.comboList.weight(entry.weight)}</span>
            )}
            {!entry.served && (
              <span className="tag tag--warn" title={strings.comboList.unservedHint}>
                {strings.comboList.unserved}
              </span>
            )}
          </li>
        ))}
      </ol>
      {confirming ? (
        <ConfirmRemove
          label={strings.comboList.remove}
          question={strings.comboList.confirmRemove(combo.name)}
          cancel={strings.comboList.cancel}
          confirm={strings.comboList.confirm}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void onRemove().then(() => setConfirming(false))}
        />
      ) : (
        <div className="combo-item__actions">
          {!combo.active && (
            <button
              type="button"
              className="button"
              disabled={busy}
              aria-label={strings.comboList.activateLabel(combo.name)}
              onClick={onActivate}
            >
              {strings.comboList.activate}
            </button>
          )}
          <button
            type="button"
            className="button button--quiet"
            aria-label={strings.comboList.editLabel(combo.name)}
            onClick={onEdit}
          >
            {strings.comboList.edit}
          </button>
          <button
            type="button"
            className="button button--quiet"
            aria-label={strings.comboList.removeLabel(combo.name)}
            onClick={() => setConfirming(true)}
          >
            {strings.comboList.remove}
          </button>
        </div>
      )}
    </li>
  );
}
