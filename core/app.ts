/** Placeholder for the server entry point; the lead replaces this file with the real one. */
export interface StartOptions {
  dataDir: string;
  port?: number;
  host?: string;
  log?: (line: string) => void;
}

export interface RunningSwitchyard {
  url: string;
  dashboardUrl: string;
  close(): Promise<void>;
}

export async function startSwitchyard(_options: StartOptions): Promise<RunningSwitchyard> {
  throw new Error('not implemented');
}
