/**
 * DOM tests of views (happy-dom): mounts a view inside the real stores over a fake
 * connection, with the health probe offline, and cleans up what it mounted.
 */
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { ManagementConnection } from '../client/http';
import { createStores } from '../stores';
import { createStatusStore } from '../stores/status';
import { StoresContext, type AppStores } from '../views/context';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const mounted: { root: Root; container: HTMLDivElement }[] = [];

/** Lets pending promises and timers run, inside act so React applies what they set. */
export function flushDom(): Promise<void> {
  return act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

export interface Mounted {
  stores: AppStores;
  view: HTMLDivElement;
  /** Renders something else in the same stores (say, nothing, to leave a view). */
  rerender(node: ReactNode): void;
}

export async function mountWithStores(
  connection: ManagementConnection,
  node: ReactNode,
  /** Runs before the first render (loading a store the view expects loaded). */
  prepare?: (stores: AppStores) => Promise<void>,
): Promise<Mounted> {
  const stores: AppStores = {
    ...createStores(connection, () => 0),
    health: createStatusStore({
      endpoint: 'http://x',
      fetch: () => Promise.reject(new Error('offline')),
      now: () => 0,
    }),
  };
  await prepare?.(stores);
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  mounted.push({ root, container });
  const render = (next: ReactNode): void =>
    act(() => root.render(<StoresContext.Provider value={stores}>{next}</StoresContext.Provider>));
  render(node);
  await flushDom();
  return { stores, view: container, rerender: render };
}

/** Unmounts every view mounted so far; call it in `afterEach`. */
export function unmountAll(): void {
  for (const { root, container } of mounted.splice(0)) {
    act(() => root.unmount());
    container.remove();
  }
}
