/** `switchyard provider add`: configures a provider entry and stores its API key. */
import {
  apiKeyKindProblem,
  formatsOf,
  keyCheckVerdict,
  placementProblem,
} from '../../providers/accounts.js';
import { resolveProvider } from '../../providers/catalog.js';
import { findProviderDefinition, knownKinds } from '../../providers/index.js';
import { providerSecretName } from '../../storage/secret-store.js';
import { providerConfigSchema, type ProviderConfig } from '../../storage/settings-schema.js';
import { parseCommandArgs, splitList } from '../args.js';
import type { Command } from '../command.js';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { readSecretFromStdin } from '../stdin.js';
import { riskLine, viewProvider } from './provider-view.js';

const USAGE =
  'provider add <id> --kind <kind> [--base-url URL] [--format F] [--api-key-stdin] ' +
  '[--prefix P] [--priority N] [--models a,b] [--no-verify]';

const FLAG_FOR_FIELD: Readonly<Record<string, string>> = {
  id: '<id>',
  prefix: '--prefix',
  baseUrl: '--base-url',
  format: '--format',
  models: '--models',
};

export const providerAdd: Command = {
  path: ['provider', 'add'],
  usage: USAGE,
  summary: 'Add a provider (API key read from stdin)',
  details: [
    `--kind K          one of: ${knownKinds().join(', ')}`,
    '--base-url URL    endpoint base URL (required for custom kinds not in the registry)',
    '--format F        wire format: openai-chat, openai-responses, anthropic, gemini',
    '--api-key-stdin   read the API key from stdin, e.g. `pbpaste | switchyard provider add ...`',
    '--prefix P        model prefix clients use (default: the id); entries of one kind that',
    '                  share a prefix are accounts of one provider, tried by routing in turn',
    '--priority N      among accounts of one prefix, lower goes first (default 0)',
    '--models a,b      models this entry serves, in addition to the known ones',
    '--no-verify       save the key without first checking it with the provider',
  ],
  async run(ctx, args) {
    if (args.some((arg) => arg === '--api-key' || arg.startsWith('--api-key='))) {
      throw new CliError(
        'invalid_argument',
        'API keys are never taken as flag values (they would land in shell history); ' +
          'pipe the key in and pass --api-key-stdin',
      );
    }
    const { values, positionals } = parseCommandArgs(
      args,
      {
        kind: { type: 'string' },
        'base-url': { type: 'string' },
        format: { type: 'string' },
        'api-key-stdin': { type: 'boolean', default: false },
        prefix: { type: 'string' },
        priority: { type: 'string' },
        models: { type: 'string' },
        'no-verify': { type: 'boolean', default: false },
      },
      { min: 1, max: 1, usage: USAGE },
    );
    const id = positionals[0] ?? '';
    const kind = values.kind;
    if (kind === undefined) throw new CliError('usage', `--kind is required; usage: ${USAGE}`);
    const registered = findProviderDefinition(kind);
    const kindProblem = apiKeyKindProblem(kind, values['base-url']);
    if (kindProblem?.code === 'unknown_kind') {
      throw new CliError(
        'unknown_kind',
        `unknown kind '${kind}'; known kinds: ${kindProblem.known.join(', ')}`,
      );
    }
    if (kindProblem?.code === 'sign_in') {
      throw new CliError(
        'invalid_argument',
        `'${kind}' is a subscription; sign in with: switchyard login ${kind}`,
      );
    }
    if (kindProblem?.code === 'missing_base_url') {
      throw new CliError(
        'missing_base_url',
        `kind '${kind}' is a custom endpoint: pass --base-url`,
      );
    }

    const config = checkedConfig({
      id,
      kind,
      prefix: values.prefix ?? id,
      ...(values.priority === undefined ? {} : { priority: parsePriority(values.priority) }),
      ...(values.format === undefined ? {} : { format: values.format }),
      ...(values['base-url'] === undefined ? {} : { baseUrl: values['base-url'] }),
      ...(values.models === undefined ? {} : { models: splitList(values.models) }),
      enabled: true,
      hasApiKey: false,
      createdAt: new Date().toISOString(),
    });
    checkFormat(config);

    const apiKey = values['api-key-stdin']
      ? await readSecretFromStdin(ctx.io, 'API key')
      : undefined;
    const entry: ProviderConfig = { ...config, hasApiKey: apiKey !== undefined };
    if (apiKey !== undefined && !values['no-verify']) await checkKey(ctx, entry, apiKey);

    const settings = await ctx.settings();
    let accounts = 1;
    await settings.update((draft) => {
      const problem = placementProblem(draft.providers, entry);
      if (problem?.code === 'duplicate_id') {
        throw new CliError('duplicate_id', `a provider with id '${entry.id}' already exists`);
      }
      if (problem?.code === 'duplicate_prefix') {
        throw new CliError(
          'duplicate_prefix',
          `prefix '${entry.prefix}' is already used by provider '${problem.other}' of another kind ` +
            'or endpoint; choose another with --prefix',
        );
      }
      draft.providers.push(entry);
      accounts = draft.providers.filter((provider) => provider.prefix === entry.prefix).length;
    });

    if (apiKey !== undefined) {
      try {
        await (await ctx.secrets()).set(providerSecretName(entry.id), apiKey);
      } catch (error) {
        // Without its key the entry would claim a key it does not have; take it back out.
        await settings.update((draft) => {
          draft.providers = draft.providers.filter((provider) => provider.id !== entry.id);
        });
        throw error;
      }
    } else if (registered?.keyless !== true) {
      ctx.warn(
        'no_api_key',
        `no API key stored for '${entry.id}'; requests to it are sent without one ` +
          '(remove and re-add it with --api-key-stdin to store a key)',
      );
    }

    const view = viewProvider(entry);
    const risk = riskLine(view);
    ctx.output({ provider: view }, [
      `Added provider '${view.id}' (kind ${view.kind}); models are addressed as ${view.prefix}/<model>`,
      ...(accounts > 1
        ? [`'${view.prefix}' now has ${accounts} accounts; routing moves between them`]
        : []),
      ...(view.baseUrl === null ? [] : [`Base URL: ${view.baseUrl} (${view.format ?? '?'})`]),
      ...(apiKey === undefined ? [] : [`API key stored (${(await ctx.secrets()).kind} store)`]),
      ...(risk === undefined ? [] : [`Warning: ${risk}`]),
    ]);
    return 0;
  },
};

function checkedConfig(candidate: Record<string, unknown>): ProviderConfig {
  const parsed = providerConfigSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  throw new CliError(
    'invalid_argument',
    `${FLAG_FOR_FIELD[field] ?? field}: ${issue?.message ?? 'invalid value'}` +
      (field === 'id' || field === 'prefix'
        ? ' (use lowercase letters, digits, dot, dash and underscore)'
        : ''),
  );
}

function checkFormat(config: ProviderConfig): void {
  if (config.format === undefined) return;
  const formats = formatsOf(config.kind);
  if (!formats.includes(config.format)) {
    throw new CliError(
      'invalid_argument',
      `--format: kind '${config.kind}' speaks ${formats.join(', ')}, not ${config.format}`,
    );
  }
}

function parsePriority(text: string): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new CliError('invalid_argument', '--priority must be a whole number');
  }
  return value;
}

/** A refused key is not saved; an unreachable upstream stops too, unless --no-verify. */
async function checkKey(ctx: CommandContext, entry: ProviderConfig, apiKey: string): Promise<void> {
  const resolved = resolveProvider(entry);
  if ('code' in resolved) return;
  const verdict = keyCheckVerdict(await ctx.deps.verifyApiKey(resolved, apiKey));
  if (verdict.save) {
    if (verdict.unchecked !== undefined) {
      ctx.warn('key_unchecked', `${verdict.unchecked}; the key was saved unchecked`);
    }
    return;
  }
  if (verdict.reason === 'rejected') {
    throw new CliError(
      'invalid_api_key',
      `the provider refused this key: ${verdict.message}; nothing was saved`,
    );
  }
  throw new CliError(
    'key_check_failed',
    `${verdict.message}, so the key could not be checked; pass --no-verify to save it anyway`,
  );
}
