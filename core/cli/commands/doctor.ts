/**
 * `switchyard doctor`: checks the port, router keys, each tool's config,
 * each account and the secret store, and says how to fix what is wrong.
 * Exits 1 when something needs fixing.
 */
import { tokenSecretName } from '../../auth/token-keeper.js';
import { findProviderDefinition } from '../../providers/index.js';
import { loadRoutingState } from '../../routing/state-file.js';
import { providerSecretName, type SecretStore } from '../../storage/secret-store.js';
import {
  checkAccount,
  checkPort,
  checkRouterKeys,
  checkSecretStore,
  checkToolLink,
  needsFixing,
  type Finding,
} from '../../tools/doctor.js';
import { inspectTools } from '../../tools/service.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { toolsContext } from './tool-shared.js';

const MARK = { ok: 'ok  ', warn: 'warn', problem: 'FIX ' } as const;

export const doctor: Command = {
  path: ['doctor'],
  usage: 'doctor',
  summary: 'Check the port, keys, tool configs, accounts and secret store; say how to fix problems',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0, usage: 'doctor' });
    const settings = (await ctx.settings()).get();
    const findings: Finding[] = [];
    findings.push(
      await checkPort(settings.server.host, settings.server.port, ctx.deps.doctorProbes),
    );
    findings.push(checkRouterKeys(settings.routerKeys));
    for (const { tool, status } of await inspectTools(await toolsContext(ctx))) {
      if (status.state !== 'by-hand' && status.state !== 'not-connected') {
        findings.push(checkToolLink(tool.id, tool.displayName, status));
      }
    }

    let secrets: SecretStore | undefined;
    findings.push(
      await checkSecretStore(async () => {
        secrets = await ctx.secrets();
      }),
    );
    const state = await loadRoutingState(await ctx.dataDir());
    const needsLogin = (state.extra as { needsLogin?: Record<string, unknown> }).needsLogin ?? {};
    for (const provider of settings.providers) {
      const secretName =
        provider.auth === 'oauth' ? tokenSecretName(provider.id) : providerSecretName(provider.id);
      const hasSecret =
        secrets === undefined ? false : (await secrets.get(secretName)) !== undefined;
      const keyless =
        findProviderDefinition(provider.kind)?.endpoints.every((e) => e.auth === 'none') === true;
      findings.push(
        checkAccount({ provider, hasSecret, needsLogin: provider.id in needsLogin, keyless }),
      );
    }

    const problem = needsFixing(findings);
    ctx.output({ ok: !problem, findings }, [
      ...findings.flatMap((f) => [
        `${MARK[f.severity]}  ${f.message}`,
        ...(f.fix === undefined || f.severity === 'ok' ? [] : [`      fix: ${f.fix}`]),
      ]),
      problem ? 'Some things need fixing (see FIX above).' : 'Nothing needs fixing.',
    ]);
    return problem ? 1 : 0;
  },
};
