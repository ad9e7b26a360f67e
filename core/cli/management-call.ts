/**
 * Calls the running server's management API from the CLI, so a change made
 * from a terminal lands in the live routing state. Undefined when no server
 * answers on the configured port.
 */
import { managementToken } from '../management/token.js';
import type {
  ManagementMethod,
  MethodRequest,
  MethodResponse,
  Result,
} from '../shared/contract.js';
import type { CommandContext } from './context.js';
import { CliError } from './errors.js';

export async function callRunningServer<M extends ManagementMethod>(
  ctx: CommandContext,
  method: M,
  req: MethodRequest<M>,
): Promise<MethodResponse<M> | undefined> {
  const { host, port } = (await ctx.settings()).get().server;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const token = await managementToken(await ctx.secrets());
  let response: Response;
  try {
    response = await fetch(`http://${shownHost}:${port}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(req),
      signal: AbortSignal.timeout(5000),
    });
  } catch {
    return undefined;
  }
  const result = (await response.json().catch(() => undefined)) as
    Result<MethodResponse<M>> | undefined;
  if (result === undefined) return undefined;
  if (!result.ok) {
    throw new CliError(
      result.error.code === 'not_found' ? 'not_found' : 'server_refused',
      `the running server refused: ${result.error.message}`,
    );
  }
  return result.value;
}
