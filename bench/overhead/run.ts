/**
 * Added latency of going through Switchyard versus calling the same fake
 * upstream directly, measured side by side in one run (alternating requests,
 * so machine noise hits both equally). Prints milliseconds and ratios.
 *
 *   npm run bench            # or: node --import tsx bench/overhead/run.ts [iterations]
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { startHarness, UPSTREAM_KEY } from '../../core/testing/harness.js';
import { anthropicBody, chatBody } from './bodies.js';

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
  routed: () => Promise<Sample>;
}

async function main(): Promise<void> {
  const harness = await startHarness();
  const fake = harness.fakes['openai-chat'];
  const routerHeaders = {
    'content-type': 'application/json',
    authorization: `Bearer ${harness.routerKey}`,
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
    const routedChat = JSON.stringify(chatBody(harness.model('openai-chat'), size));
    const routedAnthropic = JSON.stringify(anthropicBody(harness.model('openai-chat'), size));
    cases.push({
      name: `passthrough chat→chat, ${label}`,
      kind: 'passthrough',
      direct: () => timeRequest(`${fake.baseUrl}/chat/completions`, upstreamHeaders, directChat),
      routed: () => timeRequest(`${harness.url}/v1/chat/completions`, routerHeaders, routedChat),
    });
    cases.push({
      name: `translated anthropic→chat, ${label}`,
      kind: 'translated',
      direct: () => timeRequest(`${fake.baseUrl}/chat/completions`, upstreamHeaders, directChat),
      routed: () => timeRequest(`${harness.url}/v1/messages`, routerHeaders, routedAnthropic),
    });
  }

  console.log(`Switchyard overhead benchmark: ${iterations} alternating requests per case\n`);
  console.log(
    'case'.padEnd(44) +
      'direct p50'.padStart(12) +
      'routed p50'.padStart(12) +
      'added p50'.padStart(11) +
      'added p90'.padStart(11) +
      'TTFB +p50'.padStart(11) +
      'ratio'.padStart(8) +
      '  target',
  );
  try {
    for (const benchCase of cases) {
      for (let warm = 0; warm < 20; warm += 1) {
        await benchCase.direct();
        await benchCase.routed();
      }
      const direct: Sample[] = [];
      const routed: Sample[] = [];
      for (let index = 0; index < iterations; index += 1) {
        // Alternate the order too, so neither side always runs on a warmer cache.
        if (index % 2 === 0) {
          direct.push(await benchCase.direct());
          routed.push(await benchCase.routed());
        } else {
          routed.push(await benchCase.routed());
          direct.push(await benchCase.direct());
        }
      }
      const added = routed.map((sample, index) => sample.total - (direct[index]?.total ?? 0));
      const addedTtfb = routed.map((sample, index) => sample.ttfb - (direct[index]?.ttfb ?? 0));
      const directP50 = percentile(
        direct.map((sample) => sample.total),
        50,
      );
      const routedP50 = percentile(
        routed.map((sample) => sample.total),
        50,
      );
      const addedP50 = percentile(added, 50);
      const target = TARGETS[benchCase.kind];
      console.log(
        benchCase.name.padEnd(44) +
          `${directP50.toFixed(2)} ms`.padStart(12) +
          `${routedP50.toFixed(2)} ms`.padStart(12) +
          `${addedP50.toFixed(2)} ms`.padStart(11) +
          `${percentile(added, 90).toFixed(2)} ms`.padStart(11) +
          `${percentile(addedTtfb, 50).toFixed(2)} ms`.padStart(11) +
          `${(routedP50 / directP50).toFixed(2)}x`.padStart(8) +
          `  ≤ ${target} ms ${addedP50 <= target ? 'met' : 'MISSED'}`,
      );
    }
  } finally {
    await agent.close();
    await harness.close();
  }
}

await main();
