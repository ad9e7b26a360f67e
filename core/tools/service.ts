/**
 * Connecting coding tools, shared by the CLI and the management API: each
 * tool's status, what connect would change, connect with a newly issued
 * router key, and undo. The CLI asks before each write; the API's caller has
 * seen the preview. Nothing returned here holds a router key.
 */
import type { ToolConnectResult, ToolPreview, ToolView } from '../shared/contract.js';
import { issueRouterKey, RouterKeyIndex, type CreatedRouterKey } from '../storage/router-keys.js';
import type { SettingsStore } from '../storage/settings-store.js';
import { detectTool, type Detection, type FindBinary } from './detect.js';
import {
  applyConnect,
  applyDisconnect,
  changed,
  planConnect,
  planDisconnect,
  type ActiveBackup,
  type FilePlan,
} from './safe-edit.js';
import {
  diffsOf,
  keyHint,
  keyMask,
  maskRouterKeys,
  NEW_KEY_PLACEHOLDER,
  NEW_KEY_SHOWN,
  type ShownChange,
} from './shown-diff.js';
import { describeStatus, toolLinkStatus, type ToolLinkStatus } from './status.js';
import type { ConnectParams, ToolDefinition } from './types.js';
import { findTool, TOOLS } from './index.js';

export interface ToolsContext {
  home: string;
  dataDir: string;
  settings: SettingsStore;
  findBinary: FindBinary;
  /** The port tools should call: the running server's, or the configured one. */
  port(): number;
}

export interface ToolReport {
  tool: ToolDefinition;
  detection: Detection;
  status: ToolLinkStatus;
}

/** Where by-hand steps put the router key: the API never holds one to show. */
const BY_HAND_KEY = '<your router key>';

export async function inspectTools(ctx: ToolsContext): Promise<ToolReport[]> {
  const keys = new RouterKeyIndex(ctx.settings.get().routerKeys);
  const port = ctx.port();
  return Promise.all(
    TOOLS.map(async (tool) => ({
      tool,
      detection: await detectTool(tool, ctx.home, ctx.findBinary),
      status: await toolLinkStatus(tool, ctx.home, ctx.dataDir, port, keys),
    })),
  );
}

export function toolView(report: ToolReport, port: number): ToolView {
  const { tool, detection, status } = report;
  const common = {
    id: tool.id,
    displayName: tool.displayName,
    installed: detection.installed,
    ...(tool.keyEnv === undefined ? {} : { keyEnv: tool.keyEnv }),
  };
  if (status.state === 'by-hand') {
    return {
      ...common,
      byHand: true,
      status: 'not-connected',
      detail: "set up by hand in the tool's own settings",
      instructions: [...tool.instructions({ port, key: BY_HAND_KEY })],
    };
  }
  return { ...common, byHand: false, status: status.state, detail: describeStatus(status) };
}

/** Plans a connect; the diffs show `params.key` as `shownAs` and mask any other router key. */
export async function planToolConnect(
  ctx: Pick<ToolsContext, 'home'>,
  tool: ToolDefinition,
  params: ConnectParams,
  shownAs: string,
): Promise<{ plans: FilePlan[]; changes: ShownChange[] }> {
  const plans = await planConnect(tool, ctx.home, params);
  return { plans, changes: diffsOf(changed(plans), keyMask(params.key, shownAs)) };
}

/**
 * Issues a router key named for the tool and writes the connection with it
 * (backup first, atomic writes). Plan with NEW_KEY_PLACEHOLDER before calling
 * this, so an edit that would be refused never leaves a key behind.
 */
export async function connectWithNewKey(
  ctx: ToolsContext,
  tool: ToolDefinition,
  base: Omit<ConnectParams, 'key'>,
): Promise<{ created: CreatedRouterKey; params: ConnectParams; backupDir: string }> {
  const created = await issueRouterKey(ctx.settings, tool.id);
  const params: ConnectParams = { ...base, key: created.key };
  const plans = await planConnect(tool, ctx.home, params);
  const backupDir = await applyConnect(ctx.dataDir, tool, plans, params);
  return { created, params, backupDir };
}

/** How undo would change each file that it changes at all, with router keys masked. */
export async function planToolDisconnect(
  ctx: Pick<ToolsContext, 'home' | 'dataDir'>,
  tool: ToolDefinition,
): Promise<{ effective: FilePlan[]; backup: ActiveBackup | undefined; changes: ShownChange[] }> {
  const { plans, backup } = await planDisconnect(ctx.dataDir, tool, ctx.home);
  const effective = plans.filter((plan) => plan.how === 'delete' || plan.before !== plan.after);
  return { effective, backup, changes: diffsOf(effective, maskRouterKeys) };
}

export interface ToolsService {
  list(): Promise<ToolView[]>;
  preview(toolId: string, model?: string): Promise<ToolPreview>;
  /** Always with a new router key: only hashes of the existing ones are kept. */
  connect(toolId: string, model?: string): Promise<ToolConnectResult>;
  disconnect(toolId: string): Promise<ToolView[]>;
}

/** The tools port of the management API. Which tools it may connect is the API's decision. */
export function createToolsService(ctx: ToolsContext): ToolsService {
  const byId = (toolId: string): ToolDefinition => {
    const tool = findTool(toolId);
    // The management service checks ids against `list` first; this guards direct callers.
    if (tool === undefined) throw new Error(`Unknown tool "${toolId}".`);
    return tool;
  };
  const base = (model: string | undefined): Omit<ConnectParams, 'key'> => ({
    port: ctx.port(),
    ...(model === undefined ? {} : { model }),
  });
  const list = async (): Promise<ToolView[]> => {
    const port = ctx.port();
    return (await inspectTools(ctx)).map((report) => toolView(report, port));
  };
  return {
    list,
    async preview(toolId, model) {
      const params = { ...base(model), key: NEW_KEY_PLACEHOLDER };
      const { changes } = await planToolConnect(ctx, byId(toolId), params, NEW_KEY_SHOWN);
      return {
        diff: changes.map((change) => change.diff).join(''),
        files: changes.map((change) => change.path),
      };
    },
    async connect(toolId, model) {
      const tool = byId(toolId);
      await planConnect(tool, ctx.home, { ...base(model), key: NEW_KEY_PLACEHOLDER });
      const { created, params } = await connectWithNewKey(ctx, tool, base(model));
      const shown = { ...params, key: keyHint(created.key) };
      return {
        tools: await list(),
        instructions: tool.instructions(shown).map(maskRouterKeys),
        key: { name: created.record.name, hint: created.record.hint },
      };
    },
    async disconnect(toolId) {
      const { effective, backup } = await planToolDisconnect(ctx, byId(toolId));
      await applyDisconnect(effective, backup);
      return list();
    },
  };
}
