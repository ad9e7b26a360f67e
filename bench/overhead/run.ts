/**
 * Added latency of going through Switchyard versus calling the same fake
 * upstream directly, measured side by side in one run (rotating the order of
 * requests, so machine noise hits every side equally). The fake, Switchyard
 * and a bare byte relay each run in their own process. The relay shows the
 * floor: what one more local hop costs on this machine before any work.
 * Prints milliseconds and ratios.
 *
 *   npm run bench            # or: node --import tsx bench/overhead/run.ts [iterations]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Agent, request } from 'undici';
import { UPSTREAM_KEY } from '../../core/testing/harness.js';
import { anthropicBody, BENCH_PROVIDER, chatBody } from './bodies.js';

const iterations = Number(process.argv[2] ?? 200);
const TARGETS = { passthrough: 0.5, translated: 2 };

interface Sample {
  ttfb: number;
  total: number;
}

const agent = new Agent({ keepAliveTimeout: 30_000, connections: 4 });

async function timeRequest(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<Sample> {
  const start = performance.now();
  const reply = await request(url, { method: 'POST', headers, body, dispatcher: agent });
  let ttfb = 0;
  for await (const _chunk of reply.body) {
    if (ttfb === 0) ttfb = performance.now() - start;
  }
  if (reply.statusCode !== 200) throw new Error(`${url} answered ${reply.statusCode}`);
  return { ttfb, total: performance.now() - start };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface Case {
  name: string;
  kind: keyof typeof TARGETS;
  direct: () => Promise<Sample>;
  relayed: () => Promise<Sample>;
  routed: () => Promise<Sample>;
}

const children: ChildProcess[] = [];

/** Starts one side in its own process and reads the JSON line it prints. */
async function startProcess<T>(args: string[]): Promise<T> {
  const script = new URL('./processes.ts', import.meta.url).pathname;
  // BENCH_PROFILE=router writes a CPU profile of that process to ./bench-profiles.
  const profile =
    process.env['BENCH_PROFILE'] === args[0] ? ['--cpu-prof', '--cpu-prof-dir=bench-profiles'] : [];
  const v8 = process.env['BENCH_V8'] === undefined ? [] : [process.env['BENCH_V8']];
  const child = spawn(process.execPath, [...profile, ...v8, '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  if (child.stdout === null) throw new Error('no stdout');
  for await (const line of createInterface({ input: child.stdout })) return JSON.parse(line) as T;
  throw new Error(`${args[0] ?? 'process'} exited before it was ready`);
}

async function main(): Promise<void> {
  const fake = await startProcess<{ baseUrl: string }>(['upstream']);
  const router = await startProcess<{ url: string; routerKey: string }>(['router', fake.baseUrl]);
  const relay = await startProcess<{ url: string }>(['relay', fake.baseUrl]);
  const routedModel = `${BENCH_PROVIDER}/gpt-test`;
  const routerHeaders = {
    'content-type': 'application/json',
    authorization: `Bearer ${router.routerKey}`,
    'anthropic-version': '2023-06-01',
  };
  const upstreamHeaders = {
    'content-type': 'application/json',
    authorization: `Bearer ${UPSTREAM_KEY}`,
  };
  const cases: Case[] = [];
  for (const size of [100_000, 300_000]) {
    const label = `${Math.round(size / 1000)} KB, 30 tools`;
    const directChat = JSON.stringify(chatBody('gpt-test', size));
    const routedChat = JSON.stringify(chatBody(routedModel, size));
    const routedAnthropic = JSON.stringify(anthropicBody(routedModel, size));
    const direct = (): Promise<Sample> =>
      timeRequest(`${fake.baseUrl}/chat/completions`, upstreamHeaders, directChat);
    const relayed = (): Promise<Sample> =>
      timeRequest(`${relay.url}/chat/completions`, upstreamHeaders, directChat);
    cases.push({
      name: `passthrough chat→chat, ${label}`,
      kind: 'passthrough',
      direct,
      relayed,
      routed: () => timeRequest(`${router.url}/v1/chat/completions`, routerHeaders, routedChat),
    });
    cases.push({
      name: `translated anthropic→chat, ${label}`,
      kind: 'translated',
      direct,
      relayed,
      routed: () => timeRequest(`${router.url}/v1/messages`, routerHeaders, routedAnthropic),
    });
  }

  // BENCH_ONLY=passthrough (or translated) runs one kind of case, for profiling.
  const only = process.env['BENCH_ONLY'];
  const selected = cases.filter((benchCase) => only === undefined || benchCase.kind === only);

  console.log(`Switchyard overhead benchmark: ${iterations} rotating requests per case and side\n`);
  console.log(
    'case'.padEnd(44) +
      'direct'.padStart(9) +
      'routed'.padStart(9) +
      'added'.padStart(9) +
      'p90'.padStart(9) +
      'TTFB+'.padStart(9) +
      'ratio'.padStart(7) +
      'relay+'.padStart(9) +
      'own'.padStart(9) +
      '  target (added p50)',
  );
  const ms = (value: number): string => `${value.toFixed(2)}`.padStart(9);
  try {
    for (const benchCase of selected) {
      const sides = [benchCase.direct, benchCase.relayed, benchCase.routed];
      for (let warm = 0; warm < 20; warm += 1) for (const side of sides) await side();
      const samples: Sample[][] = [[], [], []];
      for (let index = 0; index < iterations; index += 1) {
        // Rotate which side goes first, so none always runs on a warmer machine.
        for (let turn = 0; turn < 3; turn += 1) {
          const side = (index + turn) % 3;
          samples[side]?.push(await (sides[side] as () => Promise<Sample>)());
        }
      }
      const [direct = [], relayed = [], routed = []] = samples;
      const minus = (a: Sample[], b: Sample[], key: keyof Sample): number[] =>
        a.map((sample, index) => sample[key] - (b[index]?.[key] ?? 0));
      const p50 = (values: number[]): number => percentile(values, 50);
      const directP50 = p50(direct.map((sample) => sample.total));
      const routedP50 = p50(routed.map((sample) => sample.total));
      const added = minus(routed, direct, 'total');
      const addedP50 = p50(added);
      const target = TARGETS[benchCase.kind];
      console.log(
        benchCase.name.padEnd(44) +
          ms(directP50) +
          ms(routedP50) +
          ms(addedP50) +
          ms(percentile(added, 90)) +
          ms(p50(minus(routed, direct, 'ttfb'))) +
          `${(routedP50 / directP50).toFixed(2)}x`.padStart(7) +
          ms(p50(minus(relayed, direct, 'total'))) +
          ms(p50(minus(routed, relayed, 'total'))) +
          `  ≤ ${target} ms ${addedP50 <= target ? 'met' : 'MISSED'}`,
      );
    }
    console.log(
      '\nAll times are p50 milliseconds. added = routed − direct (the target); relay+ = a bare\n' +
        "byte relay − direct (one more local hop, no work); own = routed − relay (Switchyard's work).",
    );
  } finally {
    await agent.close();
    for (const child of children) child.kill('SIGINT');
  }
}

await main();
