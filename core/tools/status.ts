/**
 * Is each tool connected, and has its config drifted: pointed elsewhere, at a
 * stale port, or holding a router key that was revoked? Pure over what the
 * files say, the settings' port and the router key records.
 */
import type { RouterKeyIndex } from '../storage/router-keys.js';
import { isRouterKey, loopbackPort } from './links.js';
import { loadFile, activeBackup } from './safe-edit.js';
import type { LinkState, ToolDefinition } from './types.js';

export type DriftReason = 'stale-port' | 'elsewhere' | 'not-selected' | 'revoked-key' | 'removed';

export type ToolLinkStatus =
  | { state: 'by-hand' }
  | { state: 'not-connected' }
  | { state: 'connected'; baseUrl: string }
  | { state: 'drift'; reason: DriftReason; detail: string };

export interface AssessContext {
  port: number;
  keys: RouterKeyIndex;
  /** A connect backup is active: the user expects this tool to be connected. */
  expected: boolean;
}

/** Folds what each of a tool's files says into one view. */
export function combineLinks(links: readonly (LinkState | undefined)[]): LinkState | undefined {
  const present = links.filter((link): link is LinkState => link !== undefined);
  if (present.length === 0) return undefined;
  const baseUrl = present.find((link) => link.baseUrl !== undefined)?.baseUrl;
  const key = present.find((link) => link.key !== undefined)?.key;
  return {
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(key === undefined ? {} : { key }),
    selected: present.every((link) => link.selected),
  };
}

export function assessLink(link: LinkState | undefined, context: AssessContext): ToolLinkStatus {
  const { port, keys, expected } = context;
  if (link?.baseUrl === undefined) {
    return expected
      ? {
          state: 'drift',
          reason: 'removed',
          detail: "Switchyard's settings are gone from its config",
        }
      : { state: 'not-connected' };
  }
  const linkPort = loopbackPort(link.baseUrl);
  const ours = expected || isRouterKey(link.key) || linkPort === port;
  if (!ours) return { state: 'not-connected' };
  if (linkPort === undefined) {
    return { state: 'drift', reason: 'elsewhere', detail: `points at ${link.baseUrl}` };
  }
  if (linkPort !== port) {
    return {
      state: 'drift',
      reason: 'stale-port',
      detail: `points at port ${linkPort}, Switchyard listens on ${port}`,
    };
  }
  if (!link.selected) {
    return {
      state: 'drift',
      reason: 'not-selected',
      detail: "Switchyard's entry is there but the tool is set to use another provider",
    };
  }
  if (link.key !== undefined && keys.verify(link.key) === undefined) {
    return {
      state: 'drift',
      reason: 'revoked-key',
      detail: 'its key matches no router key (revoked?)',
    };
  }
  return { state: 'connected', baseUrl: link.baseUrl };
}

/** Reads a tool's files and its backup state, then assesses them. */
export async function toolLinkStatus(
  tool: ToolDefinition,
  home: string,
  dataDir: string,
  port: number,
  keys: RouterKeyIndex,
): Promise<ToolLinkStatus> {
  const files = tool.files(home);
  if (files.length === 0) return { state: 'by-hand' };
  const links: (LinkState | undefined)[] = [];
  for (const file of files) {
    const current = await loadFile(file.path);
    try {
      links.push(current === undefined ? undefined : file.inspect(current.text));
    } catch {
      // An unreadable config says nothing about Switchyard; doctor reports parse problems itself.
      links.push(undefined);
    }
  }
  const expected = (await activeBackup(dataDir, tool.id)) !== undefined;
  return assessLink(combineLinks(links), { port, keys, expected });
}

export function describeStatus(status: ToolLinkStatus): string {
  switch (status.state) {
    case 'by-hand':
      return 'set up by hand (switchyard connect prints the steps)';
    case 'not-connected':
      return 'not connected';
    case 'connected':
      return `connected (${status.baseUrl})`;
    case 'drift':
      return `drift: ${status.detail}`;
  }
}
