/**
 * What a coding tool looks like to `switchyard connect`: how to spot it, which
 * config files it reads, and how to put Switchyard's settings in and take them out.
 * Each tool is one data file in this folder; the edit machinery is shared.
 */

/** What a connection writes: the local endpoint, the router key and an optional model. */
export interface ConnectParams {
  port: number;
  /** A router key (`sy-…`); tools that read it from the environment ignore it. */
  key: string;
  model?: string;
}

/** What a config file says about Switchyard, read back for drift checks. */
export interface LinkState {
  /** The base URL the tool would call, when the file sets one we recognise. */
  baseUrl?: string;
  /** The key written beside it, when the file holds one. */
  key?: string;
  /** False when Switchyard's entry is present but the tool is set to use another one. */
  selected: boolean;
}

/** Settings Switchyard wrote, kept in the backup manifest so surgical removal knows them. */
export type WrittenValues = Readonly<Record<string, string>>;

export interface ToolFile {
  /** Absolute path under the given home. */
  path: string;
  /** The file's text with Switchyard's settings in place (`undefined`: the file does not exist). */
  connect(text: string | undefined, params: ConnectParams): string;
  /** The values `connect` sets that surgical removal must recognise later (model names). */
  written(params: ConnectParams): WrittenValues;
  /** The text with only Switchyard's settings removed. */
  disconnect(text: string, written: WrittenValues): string;
  /** Undefined when the file carries no Switchyard settings. */
  inspect(text: string): LinkState | undefined;
}

export interface ToolDefinition {
  /** The name on the command line: `claude-code`. */
  id: string;
  displayName: string;
  /** Executables whose presence on PATH means the tool is installed. */
  binaries: readonly string[];
  /** Directories whose presence means the tool is installed (absolute, under home). */
  configDirs(home: string): readonly string[];
  /**
   * The environment variable the tool reads its router key from; its files
   * never hold the key, so the user has to export it themselves.
   */
  keyEnv?: string;
  /** The files `connect` edits; empty for tools configured by hand. */
  files(home: string): readonly ToolFile[];
  /** Lines for the user after connecting (or, for hand-configured tools, the whole recipe). */
  instructions(params: ConnectParams): readonly string[];
}

/** A file edit that would not be safe to make; reported instead of guessing. */
export class ToolEditError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'ToolEditError';
  }
}

export function switchyardUrl(port: number, suffix = ''): string {
  // 127.0.0.1, never localhost: some tools resolve localhost to ::1 first, where nothing listens.
  return `http://127.0.0.1:${port}${suffix}`;
}
