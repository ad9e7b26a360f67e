/** One Settings form's save: its own problem line and "Saved." note, so each form speaks for itself. */
import { useState } from 'react';
import type { SettingsPatch } from '../../../../core/shared/contract.js';
import { strings } from '../../../../core/shared/strings/dashboard.js';
import { useStores } from '../context';

export function useSave() {
  const { settings: store } = useStores();
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const save = async (patch: SettingsPatch): Promise<boolean> => {
    setSaved(false);
    setProblem(undefined);
    const ok = await store.getState().update(patch);
    setSaved(ok);
    if (!ok) setProblem(store.getState().error);
    return ok;
  };
  /** A field the user typed cannot be saved as it is. */
  const refuse = (message: string): void => {
    setSaved(false);
    setProblem(message);
  };
  return { save, refuse, problem, saved };
}

export function SaveStatus({ problem, saved }: { problem: string | undefined; saved: boolean }) {
  if (problem !== undefined) {
    return (
      <p className="bad small" role="alert">
        {problem}
      </p>
    );
  }
  return (
    <p className="muted small" role="status">
      {saved ? strings.settings.saved : ''}
    </p>
  );
}
