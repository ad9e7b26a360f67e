/** Hands the domain stores to the views; components below them get props only. */
import { createContext, useContext } from 'react';
import type { Stores } from '../stores';
import type { StatusStore } from '../stores/status';

export interface AppStores extends Stores {
  /** Health of the server that served the page (`/health`), for the Settings view. */
  health: StatusStore;
}

export const StoresContext = createContext<AppStores | undefined>(undefined);

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (stores === undefined) throw new Error('views need a StoresContext provider');
  return stores;
}
