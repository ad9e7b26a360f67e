/** Renderer entry: builds the stores for this page's origin and mounts the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createStatusStore } from './stores/status';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

// The page is served by the Switchyard server, so its own origin is the endpoint to show.
const status = createStatusStore({
  endpoint: window.location.origin,
  fetch: (url, init) => window.fetch(url, init),
  now: () => Date.now(),
});

createRoot(container).render(
  <StrictMode>
    <App status={status} />
  </StrictMode>,
);
