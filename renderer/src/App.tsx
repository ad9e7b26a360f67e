/** The dashboard shell: header, view navigation and the current view, over the domain stores. */
import { useState } from 'react';
import { strings } from '../../core/shared/strings/dashboard.js';
import { desktopBridge } from './bridge';
import { Nav, type ViewName } from './components/Nav';
import { Combos } from './views/Combos';
import { StoresContext, type AppStores } from './views/context';
import { Overview } from './views/Overview';
import { Providers } from './views/Providers';
import { Settings } from './views/Settings';
import { Usage } from './views/Usage';

const VIEW: Record<ViewName, () => React.JSX.Element> = {
  overview: Overview,
  providers: Providers,
  combos: Combos,
  usage: Usage,
  settings: Settings,
};

export function App({
  stores,
  initialView = 'overview',
}: {
  stores: AppStores;
  initialView?: ViewName;
}) {
  const [view, setView] = useState<ViewName>(initialView);
  const Current = VIEW[view];
  const desktop = desktopBridge();
  return (
    <StoresContext.Provider value={stores}>
      <div className="page">
        <header className="header">
          <img src="./icon.png" alt="" width={28} height={28} />
          <h1>{strings.appName}</h1>
          <Nav current={view} onSelect={setView} />
        </header>
        <main className="view" aria-label={strings.nav[view]}>
          <Current />
        </main>
        {desktop !== undefined && (
          <footer className="muted small">{strings.desktop(desktop.version)}</footer>
        )}
      </div>
    </StoresContext.Provider>
  );
}
