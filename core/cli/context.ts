/** What every command gets: parsed global flags, output helpers and lazily opened stores. */
import type { RunningSwitchyard, StartOptions } from '../app.js';
import type { LoginOptions } from '../auth/oauth-kinds.js';
import type { LoginFlow } from '../auth/types.js';
import type { ResolvedProvider } from '../providers/catalog.js';
import type { KeyCheck } from '../providers/verify-key.js';
import { ensureDataDir, resolveDataDir } from '../storage/data-dir.js';
import { openSecretStore } from '../storage/open-secret-store.js';
import type { SecretStore } from '../storage/secret-store.js';
import { SettingsStore } from '../storage/settings-store.js';
import type { FindBinary } from '../tools/detect.js';
import type { DoctorProbes } from '../tools/doctor.js';

export interface Writable {
  write(chunk: string): unknown;
}

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: AsyncIterable<string | Uint8Array> & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

/** Seams for tests; the defaults talk to the real process and server. */
export interface CliDeps {
  startSwitchyard: (options: StartOptions) => Promise<RunningSwitchyard>;
  /** Resolves with the signal name once the user asks the server to stop. */
  waitForShutdown: () => Promise<string>;
  platform: NodeJS.Platform;
  home: string;
  /** Checks an API key with the upstream before it is saved. */
  verifyApiKey: (provider: ResolvedProvider, apiKey: string) => Promise<KeyCheck>;
  /** Starts a subscription login (tests point it at fake authorization servers). */
  startLogin: (kind: string, options: LoginOptions) => LoginFlow | undefined;
  /** Finds a tool's binary on PATH (tests pass a fake PATH). */
  findBinary: FindBinary;
  /** Port and health probes for `switchyard doctor`. */
  doctorProbes: DoctorProbes;
}

export interface GlobalFlags {
  dataDir?: string;
  json: boolean;
}

export class CommandContext {
  private settingsStore: SettingsStore | undefined;
  private secretStore: SecretStore | undefined;
  private resolvedDataDir: string | undefined;

  constructor(
    readonly io: CliIo,
    readonly deps: CliDeps,
    readonly flags: GlobalFlags,
  ) {}

  get json(): boolean {
    return this.flags.json;
  }

  /** The data dir, created (0700) on first use. */
  async dataDir(): Promise<string> {
    this.resolvedDataDir ??= await ensureDataDir(
      resolveDataDir({
        ...(this.flags.dataDir === undefined ? {} : { flag: this.flags.dataDir }),
        env: this.io.env,
        platform: this.deps.platform,
        home: this.deps.home,
      }),
    );
    return this.resolvedDataDir;
  }

  /** Opens the settings store and prints any problem found while loading. */
  async settings(): Promise<SettingsStore> {
    if (this.settingsStore === undefined) {
      this.settingsStore = await SettingsStore.open(await this.dataDir());
      for (const problem of this.settingsStore.problems) {
        this.warn(
          problem.code,
          `settings.json could not be read (${problem.detail}); it was moved to ` +
            `${problem.movedTo} and defaults are in use`,
        );
      }
    }
    return this.settingsStore;
  }

  /** Opens the secret store (OS keychain, else a key file) and prints the key file warning. */
  async secrets(): Promise<SecretStore> {
    if (this.secretStore === undefined) {
      const { store, warning } = await openSecretStore(await this.dataDir(), { env: this.io.env });
      if (warning !== undefined) this.warn(warning.code, warning.message);
      this.secretStore = store;
    }
    return this.secretStore;
  }

  /** Prints a result: `data` as one JSON document with --json, else the text lines. */
  output(data: unknown, text: string | readonly string[]): void {
    if (this.json) {
      this.io.stdout.write(`${JSON.stringify(data)}\n`);
      return;
    }
    const lines = typeof text === 'string' ? [text] : text;
    if (lines.length > 0) this.io.stdout.write(`${lines.join('\n')}\n`);
  }

  /** Warnings go to stderr so stdout stays parseable; as JSON lines with --json. */
  warn(code: string, message: string): void {
    this.io.stderr.write(
      this.json ? `${JSON.stringify({ warning: { code, message } })}\n` : `warning: ${message}\n`,
    );
  }

  close(): void {
    this.settingsStore?.close();
  }
}
