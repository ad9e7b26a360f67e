/**
 * `switchyard connect <tool>`: points a coding tool at Switchyard by editing
 * only Switchyard's own keys in the tool's config, after showing the diff and
 * backing up the original (undo: `switchyard disconnect <tool>`).
 */
import { RouterKeyIndex } from '../../storage/router-keys.js';
import { applyConnect } from '../../tools/safe-edit.js';
import { connectWithNewKey, planToolConnect } from '../../tools/service.js';
import { keyHint, NEW_KEY_PLACEHOLDER, NEW_KEY_SHOWN } from '../../tools/shown-diff.js';
import type { ConnectParams } from '../../tools/types.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { readSecretFromStdin } from '../stdin.js';
import { confirmApply, guarded, printDiffs, toolById, toolsContext } from './tool-shared.js';

const USAGE = 'connect <tool> [--key K | --key-stdin | --new-key] [--model M] [--dry-run] [--yes]';

export const connect: Command = {
  path: ['connect'],
  usage: USAGE,
  summary: 'Point a coding tool at Switchyard (shows the diff, backs up, then writes)',
  details: [
    'tools: claude-code, codex, gemini, opencode, droid, openclaw; cline, continue, cursor print steps',
    '--key-stdin  read the router key from stdin (keeps it out of shell history)',
    '--key K      the router key to write',
    '--new-key    create a router key named after the tool',
    '--model M    default model for the tool (a prefix/model or combo; default: auto)',
    '--dry-run    print the diff only',
    '--yes        apply without asking (required when stdin is not a terminal)',
  ],
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        key: { type: 'string' },
        'key-stdin': { type: 'boolean', default: false },
        'new-key': { type: 'boolean', default: false },
        model: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
      },
      { min: 1, max: 1, usage: USAGE },
    );
    const tool = toolById(positionals[0] ?? '');
    const sources = [values.key !== undefined, values['key-stdin'], values['new-key']];
    if (sources.filter(Boolean).length > 1) {
      throw new CliError('usage', 'pass only one of --key, --key-stdin and --new-key');
    }
    const tools = await toolsContext(ctx);
    const settings = tools.settings.get();
    const writesFiles = tool.files(ctx.deps.home).length > 0;
    // A tool that reads the key from the environment never holds one in its files.
    const keyInFile = writesFiles && tool.keyEnv === undefined;

    let key: string | undefined;
    if (values['key-stdin']) key = await readSecretFromStdin(ctx.io, 'router key');
    else if (values.key !== undefined) key = values.key;
    if (key !== undefined && new RouterKeyIndex(settings.routerKeys).verify(key) === undefined) {
      throw new CliError(
        'invalid_api_key',
        'that key is not a current router key (see: switchyard key list), or use --new-key',
      );
    }
    if (key === undefined && !values['new-key'] && keyInFile) {
      throw new CliError(
        'missing_api_key',
        `${tool.displayName} needs a router key in its config, and Switchyard keeps only hashes: ` +
          'pass --key-stdin, --key or --new-key',
      );
    }

    const base: ConnectParams = {
      port: settings.server.port,
      key: key ?? NEW_KEY_PLACEHOLDER,
      ...(values.model === undefined ? {} : { model: values.model }),
    };
    const shownKey = key === undefined ? '<router key>' : keyHint(key);

    if (!writesFiles) {
      const lines = tool.instructions({ ...base, key: `<your router key ${shownKey}>` });
      ctx.output({ tool: tool.id, writes: false, instructions: lines }, lines);
      return 0;
    }

    const { plans, changes } = await guarded(() =>
      planToolConnect(tools, tool, base, values['new-key'] ? NEW_KEY_SHOWN : shownKey),
    );
    if (changes.length === 0) {
      ctx.output({ tool: tool.id, changed: false, changes }, [
        `${tool.displayName} already points at Switchyard; nothing to change.`,
      ]);
      return 0;
    }
    printDiffs(ctx, changes);
    if (values['dry-run']) {
      ctx.output({ tool: tool.id, dryRun: true, changes }, ['(dry run: nothing was written)']);
      return 0;
    }
    if (ctx.json && !values.yes) ctx.output({ tool: tool.id, applied: false, changes }, []);
    await confirmApply(ctx, values.yes, `switchyard connect ${tool.id}`);

    let params: ConnectParams = base;
    let backupDir: string;
    let created: { key: string; id: string } | undefined;
    if (values['new-key']) {
      const connected = await guarded(() => connectWithNewKey(tools, tool, base));
      created = { key: connected.created.key, id: connected.created.record.id };
      params = connected.params;
      backupDir = connected.backupDir;
    } else {
      backupDir = await guarded(() => applyConnect(tools.dataDir, tool, plans, params));
    }
    // A key the user brought is never echoed; a new one is shown here, its only showing.
    const visibleKey = created?.key ?? `<your router key ${shownKey}>`;
    const instructions = tool.instructions({ ...params, key: visibleKey });
    ctx.output(
      {
        tool: tool.id,
        applied: true,
        changes,
        backup: backupDir,
        ...(created === undefined ? {} : { createdKey: created }),
        instructions,
      },
      [
        `Connected ${tool.displayName} to Switchyard on port ${params.port}.`,
        `Backup: ${backupDir}`,
        `Undo with: switchyard disconnect ${tool.id}`,
        ...(created === undefined
          ? []
          : [`Created router key ${created.id} for it (shown once): ${created.key}`]),
        ...instructions,
      ],
    );
    return 0;
  },
};
