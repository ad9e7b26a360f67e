/**
 * The checks behind `switchyard doctor`. Each is a small function over
 * injected I/O that returns findings; the command only gathers and prints.
 */
import net from 'node:net';
import type { ProviderConfig, RouterKeyRecord } from '../storage/settings-schema.js';
import { describeStatus, type ToolLinkStatus } from './status.js';

export type Severity = 'ok' | 'warn' | 'problem';

export interface Finding {
  check: 'port' | 'router-keys' | 'tool' | 'account' | 'secret-store';
  severity: Severity;
  message: string;
  /** What to run or change, for anything that is not ok. */
  fix?: string;
}

export interface DoctorProbes {
  /** Whether something already listens on host:port. */
  portInUse(host: string, port: number): Promise<boolean>;
  /** True when the listener answers Switchyard's /health. */
  isSwitchyard(host: string, port: number): Promise<boolean>;
}

export const realDoctorProbes: DoctorProbes = {
  portInUse: (host, port) =>
    new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(true);
        else reject(error);
      });
      server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(false)));
    }),
  isSwitchyard: async (host, port) => {
    try {
      const target = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      const response = await fetch(
        `http://${target.includes(':') ? `[${target}]` : target}:${port}/health`,
        {
          signal: AbortSignal.timeout(1500),
        },
      );
      const body: unknown = await response.json();
      return (
        response.ok &&
        typeof body === 'object' &&
        body !== null &&
        'status' in body &&
        body.status === 'ok'
      );
    } catch {
      return false;
    }
  },
};

export async function checkPort(
  host: string,
  port: number,
  probes: DoctorProbes,
): Promise<Finding> {
  if (!(await probes.portInUse(host, port))) {
    return {
      check: 'port',
      severity: 'warn',
      message: `port ${port} is free: Switchyard is not running`,
      fix: 'start it with: switchyard serve (or the tray app)',
    };
  }
  if (await probes.isSwitchyard(host, port)) {
    return { check: 'port', severity: 'ok', message: `Switchyard answers on ${host}:${port}` };
  }
  return {
    check: 'port',
    severity: 'problem',
    message: `port ${port} on ${host} is taken by another program`,
    fix: `stop that program, or move Switchyard: switchyard serve --port <free port>, then switchyard connect <tool> again`,
  };
}

export function checkRouterKeys(records: readonly RouterKeyRecord[]): Finding {
  if (records.length === 0) {
    return {
      check: 'router-keys',
      severity: 'problem',
      message: 'no router keys: tools cannot authenticate',
      fix: 'switchyard key create --name <name> (or switchyard connect <tool> --new-key)',
    };
  }
  return { check: 'router-keys', severity: 'ok', message: `${records.length} router key(s)` };
}

export function checkToolLink(toolId: string, name: string, status: ToolLinkStatus): Finding {
  if (status.state !== 'drift') {
    return { check: 'tool', severity: 'ok', message: `${name}: ${describeStatus(status)}` };
  }
  const fix =
    status.reason === 'revoked-key'
      ? `switchyard connect ${toolId} --new-key (or --key-stdin with a current key)`
      : status.reason === 'removed'
        ? `switchyard connect ${toolId} --key-stdin, or forget it with: switchyard disconnect ${toolId}`
        : `switchyard connect ${toolId} --key-stdin`;
  return { check: 'tool', severity: 'problem', message: `${name}: ${describeStatus(status)}`, fix };
}

export interface AccountFacts {
  provider: ProviderConfig;
  /** Does the secret store hold what this account signs in with? */
  hasSecret: boolean;
  needsLogin: boolean;
  /** The provider's registry says it takes no key (a local endpoint). */
  keyless: boolean;
}

export function checkAccount(facts: AccountFacts): Finding {
  const { provider } = facts;
  const name = `account '${provider.id}'`;
  if (!provider.enabled) {
    return {
      check: 'account',
      severity: 'warn',
      message: `${name} is disabled`,
      fix: `switchyard account enable ${provider.id}`,
    };
  }
  if (provider.auth === 'oauth') {
    if (!facts.hasSecret || facts.needsLogin) {
      return {
        check: 'account',
        severity: 'problem',
        message: `${name} needs a login (${facts.hasSecret ? 'refresh was refused' : 'no tokens stored'})`,
        fix: `switchyard login ${provider.kind}`,
      };
    }
    return { check: 'account', severity: 'ok', message: `${name}: signed in` };
  }
  if (facts.needsLogin) {
    return {
      check: 'account',
      severity: 'problem',
      message: `${name}: its API key was refused`,
      fix: `printf '%s' "$KEY" | switchyard provider add ${provider.id} --kind ${provider.kind} --api-key-stdin`,
    };
  }
  if (!facts.keyless && (!provider.hasApiKey || !facts.hasSecret)) {
    return {
      check: 'account',
      severity: 'problem',
      message: `${name} has no API key stored`,
      fix: `remove and re-add it: switchyard account remove ${provider.id}, then switchyard provider add … --api-key-stdin`,
    };
  }
  return { check: 'account', severity: 'ok', message: `${name}: ready` };
}

export async function checkSecretStore(open: () => Promise<unknown>): Promise<Finding> {
  try {
    await open();
    return { check: 'secret-store', severity: 'ok', message: 'secret store opens' };
  } catch (error) {
    return {
      check: 'secret-store',
      severity: 'problem',
      message: `secret store cannot be opened: ${error instanceof Error ? error.message : String(error)}`,
      fix: 'unlock the OS keychain, or set SWITCHYARD_SECRET_STORE=file for a key file in the data dir',
    };
  }
}

export function needsFixing(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'problem');
}
