/**
 * `switchyard connect <tool>`: points a coding tool at Switchyard by editing
 * only Switchyard's own keys in the tool's config, after showing the diff and
 * backing up the original (undo: `switchyard disconnect <tool>`).
 */
import { RouterKeyIndex } from '../../storage/router-keys.js';
import { applyConnect, changed, planConnect } from '../../tools/safe-edit.js';
import type { ConnectParams } from '../../tools/types.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { readSecretFromStdin } from '../stdin.js';
import { issueRouterKey } from './key-create.js';
import { confirmApply, diffsOf, guarded, keyMask, printDiffs, toolById } from './tool-shared.js';

const USAGE = 'connect <tool> [--key K | --key-stdin | --new-key] [--model M] [--dry-run] [--yes]';
/** Stands in for a key that --new-key creates only once the change is applied. */
const NEW_KEY_PLACEHOLDER = 'sy-NEW-ROUTER-KEY';

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
    const settings = (await ctx.settings()).get();
    const writesFiles = tool.files(ctx.deps.home).length > 0;
    // Codex reads the key from the environment, so its file never holds one.
    const keyInFile = writesFiles && tool.id !== 'codex';

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
    const shownKey = key === undefined ? '<router key>' : `sy-…${key.slice(-4)}`;
    const mask = keyMask(base.key, values['new-key'] ? '<new router key>' : shownKey);

    if (!writesFiles) {
      const lines = tool.instructions({ ...base, key: `<your router key ${shownKey}>` });
      ctx.output({ tool: tool.id, writes: false, instructions: lines }, lines);
      return 0;
    }

    const dataDir = await ctx.dataDir();
    let plans = await guarded(() => planConnect(tool, ctx.deps.home, base));
    const changes = diffsOf(changed(plans), mask);
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

    const params = { ...base };
    let created: { key: string; id: string } | undefined;
    if (values['new-key']) {
      const issued = await issueRouterKey(ctx, tool.id);
      created = { key: issued.key, id: issued.record.id };
      params.key = issued.key;
      plans = await guarded(() => planConnect(tool, ctx.deps.home, params));
    }
    const backupDir = await guarded(() => applyConnect(dataDir, tool, plans, params));
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
