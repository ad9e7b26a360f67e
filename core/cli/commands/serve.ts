/** `switchyard serve`: runs the router until SIGINT or SIGTERM. */
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';

const USAGE = 'serve [--port 20128] [--host 127.0.0.1]';

export const serve: Command = {
  path: ['serve'],
  usage: USAGE,
  summary: 'Run the router in the foreground (headless)',
  details: [
    '--port N     port to listen on, 0 for any free one (default: settings, then 20128)',
    '--host H     address to bind (default: settings, then 127.0.0.1)',
  ],
  async run(ctx, args) {
    const { values } = parseCommandArgs(
      args,
      { port: { type: 'string' }, host: { type: 'string' } },
      { min: 0, max: 0, usage: USAGE },
    );
    const port = values.port === undefined ? undefined : parsePort(values.port);
    const dataDir = await ctx.dataDir();

    let running;
    try {
      running = await ctx.deps.startSwitchyard({
        dataDir,
        ...(port === undefined ? {} : { port }),
        ...(values.host === undefined ? {} : { host: values.host }),
        log: (line) => ctx.io.stderr.write(`${line}\n`),
      });
    } catch (error) {
      throw startFailure(error, port, values.host);
    }

    // The link carries the management token in its fragment, which browsers never send on.
    const dashboardLink = await running.dashboardLink();
    ctx.output({ url: running.url, dashboardUrl: running.dashboardUrl, dashboardLink }, [
      `Switchyard is listening on ${running.url}`,
      `Dashboard: ${dashboardLink}`,
      'Press Ctrl+C to stop.',
    ]);
    const signal = await ctx.deps.waitForShutdown();
    if (!ctx.json) ctx.io.stderr.write(`${signal}: stopping\n`);
    await running.close();
    return 0;
  },
};

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    // 0 asks the OS for any free port (handy for scripts and tests).
    throw new CliError('invalid_argument', '--port must be a whole number from 0 to 65535');
  }
  return port;
}

function startFailure(
  error: unknown,
  port: number | undefined,
  host: string | undefined,
): CliError {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (code === 'port_in_use' || code === 'EADDRINUSE') {
    const where = port === undefined ? 'the configured port' : `port ${port}`;
    return new CliError(
      'port_in_use',
      `${where}${host === undefined ? '' : ` on ${host}`} is already in use ` +
        '(is Switchyard already running?); choose another with --port',
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError('serve_failed', `could not start the server: ${message}`, { cause: error });
}

/** Resolves on the first SIGINT or SIGTERM. */
export function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
