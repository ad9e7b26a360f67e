/**
 * Renderer entry: picks the management transport (IPC in the app, HTTP with the
 * link's token in a browser), builds the stores, keeps them live and mounts the app.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { pickClient } from './client/pick';
import { NoToken } from './components/NoToken';
import { connectLive, createStores } from './stores';
import { createStatusStore } from './stores/status';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
const root = createRoot(container);

const client = pickClient();
if (client === undefined) {
  root.render(<NoToken />);
} else {
  const stores = {
    ...createStores(client, () => Date.now()),
    // The page is served by the Switchyard server, so its own origin is the endpoint to show.
    health: createStatusStore({
      endpoint: window.location.origin,
      fetch: (url, init) => window.fetch(url, init),
      now: () => Date.now(),
    }),
  };
  connectLive(client, stores);
  root.render(
    <StrictMode>
      <App stores={stores} />
    </StrictMode>,
  );
}
