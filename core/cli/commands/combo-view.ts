/** How combos are shown by the `combo` commands, and how a rejected combo is reported. */
import { describeComboProblem, type ComboProblem } from '../../routing/combos.js';
import type { Combo, ComboStrategy } from '../../storage/settings-schema.js';
import { CliError, type CliErrorCode } from '../errors.js';

export interface ComboView {
  name: string;
  strategy: ComboStrategy;
  entries: { model: string; weight: number }[];
  /** True for the combo that serves the model `auto`. */
  active: boolean;
}

export function viewCombo(combo: Combo, activeCombo: string | undefined): ComboView {
  return {
    name: combo.name,
    strategy: combo.strategy,
    entries: combo.entries.map(({ model, weight }) => ({ model, weight })),
    active: combo.name === activeCombo,
  };
}

/** `a/b, c/d`, with each weight in brackets when the strategy uses weights. */
export function entriesText(view: ComboView): string {
  return view.entries
    .map((entry) =>
      view.strategy === 'weighted' ? `${entry.model} (${entry.weight})` : entry.model,
    )
    .join(', ');
}

const CODE_FOR_PROBLEM: Readonly<Record<ComboProblem['code'], CliErrorCode>> = {
  reserved_name: 'invalid_argument',
  invalid_entry: 'invalid_argument',
  duplicate_entry: 'invalid_argument',
  self_reference: 'combo_cycle',
  cycle: 'combo_cycle',
  unknown_entry: 'unknown_combo',
  unknown_model: 'not_found',
};

export function comboProblemError(name: string, problem: ComboProblem): CliError {
  return new CliError(
    CODE_FOR_PROBLEM[problem.code],
    `cannot save combo '${name}': ${describeComboProblem(problem)}`,
  );
}
