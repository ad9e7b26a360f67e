/**
 * The config `switchyard connect` writes, checked against the real tools. Each tool
 * installed by scripts/install-real-tools.sh (pinned, into .cache/real-tools) runs
 * headless in a throwaway HOME, through a real Switchyard, to a fake upstream in the
 * wire format the tool speaks. A tool that is missing, or cannot run here, skips with
 * the reason printed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../cli/cli-test-helpers.js';
import { CODEX_KEY_ENV } from '../../tools/codex.js';
import type { RecordedRequest } from '../fake-upstream/index.js';
import { startFleet, type Fleet } from '../fleet.js';
import { UPSTREAM_KEY } from '../harness.js';

const TOOLS_DIR = path.resolve(import.meta.dirname, '../../../.cache/real-tools');
const INSTALL_HINT = 'run scripts/install-real-tools.sh (needs the npm registry)';
/** Where the `node` package links the Node binary it fetched for this platform. */
const NODE_BIN_DIR = path.join(TOOLS_DIR, 'node_modules', 'node', 'bin');
const RUN_TIMEOUT_MS = 60_000;
const PROMPT = 'Reply with the word ready.';

type AccountId = 'anth' | 'resp' | 'gem' | 'chat';

interface RealTool {
  /** The `switchyard connect` id. */
  tool: string;
  pkg: string;
  bin: string;
  /** The fleet account whose fake speaks the tool's wire format. */
  account: AccountId;
  /** What `connect --model` writes; the upstream sees the part after the prefix. */
  model: string;
  /** The generation path the fake must see. */
  upstreamPath: RegExp;
  args(prompt: string): string[];
  /** What the user adds beyond the config file, per connect's instructions or the tool's docs. */
  env?(routerKey: string): Record<string, string>;
  /** State a real user would already have (trust decisions, privacy choices). */
  prepare?(home: string, workdir: string): Promise<void>;
  /**
   * The Node major the tool needs when the test's own Node is too old: the `node`
   * package's binary, installed alongside, then comes first on the tool's PATH.
   */
  nodeMajor?: number;
  /** Set when the tool cannot run here at all. */
  unavailable?: string;
}

const TOOLS: readonly RealTool[] = [
  {
    tool: 'claude-code',
    pkg: '@anthropic-ai/claude-code',
    bin: 'claude',
    account: 'anth',
    model: 'anth/claude-test',
    upstreamPath: /^\/v1\/messages$/,
    args: (prompt) => ['-p', prompt],
    // Both documented; the second also turns off telemetry and error reporting.
    env: () => ({ DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' }),
  },
  {
    tool: 'codex',
    pkg: '@openai/codex',
    bin: 'codex',
    account: 'resp',
    model: 'resp/gpt-test',
    upstreamPath: /^\/v1\/responses$/,
    // The throwaway workdir is not a git repository, which `codex exec` refuses by default.
    args: (prompt) => ['exec', '--skip-git-repo-check', prompt],
    // connect keeps the key out of config.toml and tells the user to export it.
    env: (routerKey) => ({ [CODEX_KEY_ENV]: routerKey }),
  },
  {
    tool: 'gemini',
    pkg: '@google/gemini-cli',
    bin: 'gemini',
    account: 'gem',
    model: 'gem/gemini-test',
    upstreamPath: /^\/v1beta\/models\/gemini-test:(stream)?[gG]enerateContent$/,
    args: (prompt) => ['-p', prompt],
    async prepare(home, workdir) {
      const dir = path.join(home, '.gemini');
      await mkdir(dir, { recursive: true });
      // The user trusted the project (what the trust prompt writes); untrusted folders ignore ~/.gemini/.env.
      await writeFile(
        path.join(dir, 'trustedFolders.json'),
        JSON.stringify({ [workdir]: 'TRUST_FOLDER' }),
      );
      // An existing settings file connect must merge into; usage statistics would call Google.
      await writeFile(
        path.join(dir, 'settings.json'),
        JSON.stringify({ privacy: { usageStatisticsEnabled: false } }, null, 2),
      );
    },
  },
  {
    tool: 'opencode',
    pkg: 'opencode-ai',
    bin: 'opencode',
    account: 'chat',
    model: 'chat/gpt-test',
    upstreamPath: /^\/v1\/chat\/completions$/,
    args: (prompt) => ['run', prompt],
    env: () => ({
      OPENCODE_DISABLE_AUTOUPDATE: '1',
      OPENCODE_DISABLE_MODELS_FETCH: '1',
      OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
      OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
      OPENCODE_DISABLE_SHARE: '1',
    }),
  },
  {
    tool: 'droid',
    pkg: 'droid',
    bin: 'droid',
    account: 'chat',
    model: 'chat/gpt-test',
    upstreamPath: /^\/v1\/chat\/completions$/,
    // Droid names a custom model `custom:<displayName, spaces as dashes>-<index>`; a
    // custom model needs no Factory login.
    args: (prompt) => ['exec', '-m', 'custom:chat/gpt-test-(Switchyard)-0', prompt],
  },
  {
    tool: 'openclaw',
    pkg: 'openclaw',
    bin: 'openclaw',
    account: 'chat',
    model: 'chat/gpt-test',
    upstreamPath: /^\/v1\/chat\/completions$/,
    // `agent exec` runs one embedded turn against the ordinary config, with no Gateway;
    // --local-model-lean drops the slow-to-load tools, which a one-word reply never uses.
    args: (prompt) => ['agent', 'exec', '--local-model-lean', prompt],
    // Both documented: no update check, and no anonymous feature statistics.
    env: () => ({ OPENCLAW_NO_AUTO_UPDATE: '1', DO_NOT_TRACK: '1' }),
    // engines.node is ">=24.16.0 <25 || >=26.1.0", newer than Switchyard's floor.
    nodeMajor: 24,
  },
];

function installedVersion(pkg: string): string | undefined {
  try {
    const manifest: unknown = JSON.parse(
      readFileSync(path.join(TOOLS_DIR, 'node_modules', pkg, 'package.json'), 'utf8'),
    );
    const version = (manifest as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

function skipReason(tool: RealTool): string | undefined {
  if (tool.unavailable !== undefined) return tool.unavailable;
  if (!existsSync(path.join(TOOLS_DIR, 'node_modules', '.bin', tool.bin))) {
    return `${tool.pkg} is not installed in ${TOOLS_DIR}: ${INSTALL_HINT}`;
  }
  if (tool.nodeMajor !== undefined) {
    const needs = `${tool.pkg} needs Node ${String(tool.nodeMajor)}`;
    const node = installedVersion('node');
    if (node === undefined || !existsSync(path.join(NODE_BIN_DIR, 'node'))) {
      return `${needs}, and the node package is not installed in ${TOOLS_DIR}: ${INSTALL_HINT}`;
    }
    if (!node.startsWith(`${String(tool.nodeMajor)}.`)) {
      return `${needs}, but the node package in ${TOOLS_DIR} is ${node}: ${INSTALL_HINT}`;
    }
  }
  return undefined;
}

interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a tool with stdin closed and only the environment named here: the developer's
 * own keys and proxies never leak in. Async, because the server under test lives in
 * this process and must keep answering.
 */
function runTool(
  bin: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(TOOLS_DIR, 'node_modules', '.bin', bin), args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout also ends the native binary a wrapper started.
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

function upstreamKeyOf(request: RecordedRequest): string | undefined {
  const { authorization, 'x-api-key': apiKey, 'x-goog-api-key': googKey } = request.headers;
  if (typeof apiKey === 'string') return apiKey;
  if (typeof googKey === 'string') return googKey;
  return authorization?.replace(/^Bearer /, '');
}

describe('real coding tools through switchyard connect', () => {
  let fleet: Fleet;
  const homes: string[] = [];

  beforeAll(async () => {
    fleet = await startFleet([
      { id: 'anth', prefix: 'anth', format: 'anthropic' },
      { id: 'resp', prefix: 'resp', format: 'openai-responses' },
      { id: 'gem', prefix: 'gem', format: 'gemini' },
      { id: 'chat', prefix: 'chat', format: 'openai-chat' },
    ]);
    // connect writes the port from settings; the test server listens on a random one.
    const port = Number(new URL(fleet.url).port);
    await fleet.configure((draft) => {
      draft.server.port = port;
    });
  });

  afterAll(async () => {
    await fleet.close();
    await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
  });

  for (const tool of TOOLS) {
    const version = installedVersion(tool.pkg);
    const node =
      tool.nodeMajor === undefined ? '' : ` on node ${installedVersion('node') ?? 'not installed'}`;
    const name = `${tool.tool} (${tool.pkg} ${version ?? 'not installed'}${node})`;
    it(name, { timeout: RUN_TIMEOUT_MS + 30_000 }, async (ctx) => {
      const reason = skipReason(tool);
      if (reason !== undefined) {
        // Printed as well, so a CI log shows why no real tool was checked.
        console.warn(`real-tools: ${tool.tool} skipped: ${reason}`);
        ctx.skip(reason);
      }
      const home = await mkdtemp(path.join(tmpdir(), `switchyard-${tool.tool}-`));
      homes.push(home);
      const workdir = path.join(home, 'project');
      await mkdir(workdir);
      await tool.prepare?.(home, workdir);

      const connected = await cli(
        fleet.dataDir,
        ['connect', tool.tool, '--key', fleet.routerKey, '--model', tool.model, '--yes'],
        { deps: { home }, env: { HOME: home } },
      );
      expect(connected.stderr).toBe('');
      expect(connected.code).toBe(0);

      const fake = fleet.fakes[tool.account];
      if (fake === undefined) throw new Error(`no fake for ${tool.account}`);
      fake.reset();
      const marker = `switchyard-real-${tool.tool}-ok`;
      // Tools make side requests (titles, summaries); every one gets the marker.
      fake.enqueue(...Array.from({ length: 8 }, () => ({ reply: { text: marker } })));
      const usageBefore = fleet.usage.length;

      const basePath = process.env.PATH ?? '/usr/bin:/bin';
      const run = await runTool(tool.bin, tool.args(PROMPT), workdir, {
        PATH:
          tool.nodeMajor === undefined ? basePath : `${NODE_BIN_DIR}${path.delimiter}${basePath}`,
        HOME: home,
        LANG: 'C.UTF-8',
        TERM: 'dumb',
        NO_COLOR: '1',
        NO_PROXY: '127.0.0.1,localhost',
        ...tool.env?.(fleet.routerKey),
      });
      const transcript = `exit ${String(run.code)}${run.timedOut ? ' (timed out)' : ''}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
      expect(run.timedOut, transcript).toBe(false);
      expect(run.code, transcript).toBe(0);
      expect(run.stdout, transcript).toContain(marker);

      // The reply came through Switchyard: the fake saw Switchyard's upstream key and
      // model, never the router key, and the ledger charged the tool's router key.
      const generations = fake.requests.filter((request) => tool.upstreamPath.test(request.path));
      expect(generations.length, transcript).toBeGreaterThan(0);
      for (const request of fake.requests) {
        expect(upstreamKeyOf(request)).toBe(UPSTREAM_KEY);
        expect(request.rawBody.toString('utf8')).not.toContain(fleet.routerKey);
      }
      const upstreamModel = tool.model.slice(tool.model.indexOf('/') + 1);
      const records = fleet.usage.slice(usageBefore).filter((r) => r.providerId === tool.account);
      expect(records.length).toBeGreaterThan(0);
      for (const record of records) {
        expect(record.model).toBe(upstreamModel);
        expect(record.keyId).toBe(fleet.routerKeyId);
      }
    });
  }
});
