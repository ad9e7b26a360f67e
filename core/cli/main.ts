/** The `switchyard` command line: `runCli` for tests and embedding, `runMain` for the shell. */
import { realpathSync } from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startSwitchyard } from '../app.js';
import { oauthKind } from '../auth/oauth-kinds.js';
import { createUpstreamDispatcher } from '../http/client.js';
import type { ResolvedProvider } from '../providers/catalog.js';
import { verifyApiKey, type KeyCheck } from '../providers/verify-key.js';
import { pathLookup } from '../tools/detect.js';
import { realDoctorProbes } from '../tools/doctor.js';
import { GLOBAL_OPTIONS } from './args.js';
import type { Command } from './command.js';
import { COMMANDS } from './commands/index.js';
import { waitForSignal } from './commands/serve.js';
import { CommandContext, type CliDeps, type CliIo } from './context.js';
import { CliError, describeFailure } from './errors.js';
import { commandHelp, groupHelp, topHelp } from './help.js';

export type { CliDeps, CliIo } from './context.js';

/** Runs one invocation and returns its exit code; never calls process.exit. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  deps: Partial<CliDeps> = {},
): Promise<number> {
  // Known before parsing, so even a parse error is reported in the requested shape.
  let json = argv.includes('--json');
  let ctx: CommandContext | undefined;
  try {
    // A loose first pass finds the command words and the global flags.
    const { values, tokens } = parseArgs({
      args: [...argv],
      options: GLOBAL_OPTIONS,
      strict: false,
      allowPositionals: true,
      tokens: true,
    });
    json = values.json === true;
    const words = tokens.flatMap((token) => (token.kind === 'positional' ? [token] : []));
    const command = findCommand(words.map((token) => token.value));

    if (command === undefined) return helpOrUnknown(io, words[0]?.value, values.help === true);
    if (values.help === true) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }

    const commandWordIndexes = new Set(
      words.slice(0, command.path.length).map((token) => token.index),
    );
    const args = argv.filter((_, index) => !commandWordIndexes.has(index));
    const dataDir = values['data-dir'];
    ctx = new CommandContext(io, withDefaults(deps), {
      json,
      ...(typeof dataDir === 'string' ? { dataDir } : {}),
    });
    return await command.run(ctx, args);
  } catch (error) {
    const failure = describeFailure(error);
    io.stderr.write(
      json
        ? `${JSON.stringify({ error: { code: failure.code, message: failure.message } })}\n`
        : `switchyard: ${failure.message}\n`,
    );
    return failure.exitCode;
  } finally {
    ctx?.close();
  }
}

function findCommand(words: readonly string[]): Command | undefined {
  return COMMANDS.find((command) => command.path.every((word, i) => words[i] === word));
}

function helpOrUnknown(io: CliIo, first: string | undefined, wantsHelp: boolean): number {
  const isGroup = COMMANDS.some((command) => command.path.length > 1 && command.path[0] === first);
  if (wantsHelp) {
    const help = isGroup && first !== undefined ? groupHelp(first, COMMANDS) : topHelp(COMMANDS);
    io.stdout.write(`${help}\n`);
    return 0;
  }
  if (first === undefined) {
    io.stderr.write(`${topHelp(COMMANDS)}\n`);
    return 2;
  }
  const choices = isGroup
    ? COMMANDS.filter((command) => command.path[0] === first).map((c) => c.path.join(' '))
    : [...new Set(COMMANDS.map((command) => command.path[0]))];
  throw new CliError('unknown_command', `unknown command; expected one of: ${choices.join(', ')}`);
}

function withDefaults(deps: Partial<CliDeps>): CliDeps {
  return {
    startSwitchyard: deps.startSwitchyard ?? startSwitchyard,
    waitForShutdown: deps.waitForShutdown ?? waitForSignal,
    platform: deps.platform ?? process.platform,
    home: deps.home ?? os.homedir(),
    startLogin: deps.startLogin ?? ((kind, options) => oauthKind(kind)?.login(options)),
    verifyApiKey: deps.verifyApiKey ?? verifyWithOwnDispatcher,
    findBinary: deps.findBinary ?? pathLookup(process.env),
    doctorProbes: deps.doctorProbes ?? realDoctorProbes,
  };
}

/** A key check from the CLI goes out as the server's would: through the proxy-aware client. */
async function verifyWithOwnDispatcher(
  provider: ResolvedProvider,
  apiKey: string,
): Promise<KeyCheck> {
  const dispatcher = createUpstreamDispatcher();
  try {
    return await verifyApiKey(provider, apiKey, { dispatcher });
  } finally {
    await dispatcher.close();
  }
}

/** Runs the CLI against the real process and sets its exit code. */
export async function runMain(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  });
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await runMain();
