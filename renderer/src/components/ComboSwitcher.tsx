/** Picks the combo that routes requests which name no model of their own. */
import type { StatusView } from '../../../core/shared/contract.js';
import { strings } from '../../../core/shared/strings/dashboard.js';

export interface ComboSwitcherProps {
  combos: StatusView['combos'];
  active: string | undefined;
  disabled: boolean;
  onActivate: (name: string) => void;
}

export function ComboSwitcher({ combos, active, disabled, onActivate }: ComboSwitcherProps) {
  if (combos.length === 0) return <p className="muted small">{strings.combos.none}</p>;
  const current = combos.find((combo) => combo.name === active);
  return (
    <div className="combo">
      <label className="combo__label" htmlFor="combo-select">
        {strings.combos.pick}
      </label>
      <select
        id="combo-select"
        className="select"
        value={active ?? ''}
        disabled={disabled}
        onChange={(event) => onActivate(event.target.value)}
      >
        {active === undefined && (
          <option value="" disabled>
            {strings.combos.noneActive}
          </option>
        )}
        {combos.map((combo) => (
          <option key={combo.name} value={combo.name}>
            {combo.name}
          </option>
        ))}
      </select>
      {current !== undefined && (
        <p className="muted small">
          {strings.combos.strategy(current.strategy)} · {current.entries.join(', ')}
        </p>
      )}
    </div>
  );
}
