/** The view switcher: real buttons, with the current view marked for assistive tech. */
import { strings } from '../../../core/shared/strings/dashboard.js';

export type ViewName = 'overview' | 'providers' | 'combos' | 'usage' | 'settings';
export const VIEWS: readonly ViewName[] = ['overview', 'providers', 'combos', 'usage', 'settings'];

export function Nav({
  current,
  onSelect,
}: {
  current: ViewName;
  onSelect: (view: ViewName) => void;
}) {
  return (
    <nav className="nav" aria-label={strings.nav.label}>
      {VIEWS.map((view) => (
        <button
          key={view}
          type="button"
          className="nav__item"
          aria-current={view === current ? 'page' : undefined}
          onClick={() => onSelect(view)}
        >
          {strings.nav[view]}
        </button>
      ))}
    </nav>
  );
}
