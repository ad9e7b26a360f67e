/**
 * Routing over real sockets: several accounts of one provider, a backup
 * provider in another wire format, combos, and every failure class, with a
 * clock the test moves by hand.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import { SseParser } from '../../sse/parser.js';
import { startFleet, type Fleet } from '../fleet.js';

let fleet: Fleet;

const ACCOUNTS = [
  { id: 'pool-a', prefix: 'pool', format: 'openai-chat', priority: 0 },
  { id: 'pool-b', prefix: 'pool', format: 'openai-chat', priority: 1 },
  { id: 'backup', prefix: 'backup', format: 'anthropic' },
] as const;

beforeEach(async () => {
  fleet = await startFleet(ACCOUNTS, (draft) => {
    draft.combos.push({
      name: 'main',
      strategy: 'fallback',
      entries: [
        { model: 'pool/gpt-test', weight: 1 },
        { model: 'backup/claude-test', weight: 1 },
      ],
    });
    draft.routing.activeCombo = 'main';
  });
});

afterEach(async () => {
  await fleet.close();
});

interface Reply {
  status: number;
  route: string | null;
  requestId: string | null;
  retryAfter: string | null;
  body: string;
}

async function chat(
  model: string,
  options: { stream?: boolean; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const response = await fetch(`${fleet.url}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${fleet.routerKey}`,
      ...options.headers,
    },
    body: JSON.stringify({
      model,
      stream: options.stream ?? false,
      messages: [{ role: 'user', content: 'hello' }],
    }),
  });
  return {
    status: response.status,
    route: response.headers.get('x-switchyard-route'),
    requestId: response.headers.get('x-switchyard-request-id'),
    retryAfter: response.headers.get('retry-after'),
    body: await response.text(),
  };
}

const rateLimited = (seconds: number) => ({
  error: {
    status: 429,
    headers: {
      'retry-after': String(seconds),
      'x-ratelimit-reset-requests': `${seconds}s`,
      'x-ratelimit-reset-tokens': `${seconds}s`,
    },
  },
});

function account(reply: Reply): string | undefined {
  return /account=([^;]+)/.exec(reply.route ?? '')?.[1];
}

describe('accounts of one provider', () => {
  it('fills the first account, moves on when it is rate-limited, and returns after the reset', async () => {
    expect(account(await chat('pool/gpt-test'))).toBe('pool-a');

    fleet.fakes['pool-a']?.enqueue(rateLimited(120));
    const moved = await chat('pool/gpt-test');
    expect(moved.status).toBe(200);
    expect(moved.route).toContain('account=pool-b');
    expect(moved.route).toContain('attempts=2');

    // While pool-a rests it is not even asked.
    const asked = fleet.fakes['pool-a']?.requests.length;
    expect(account(await chat('pool/gpt-test'))).toBe('pool-b');
    expect(fleet.fakes['pool-a']?.requests.length).toBe(asked);

    fleet.clock.advance(121_000);
    // This conversation now lives on pool-b, where its prompt cache is warm; a new one fills pool-a.
    expect(account(await chat('pool/gpt-test'))).toBe('pool-b');
    const fresh = { headers: { session_id: 'a-new-conversation' } };
    expect(account(await chat('pool/gpt-test', fresh))).toBe('pool-a');
  });

  it('hands a bad request straight back: no fallback and no cooldown', async () => {
    fleet.fakes['pool-a']?.enqueue({ error: { status: 400 } });
    const reply = await chat('pool/gpt-test');
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toHaveProperty('error.message');
    expect(fleet.fakes['pool-b']?.requests).toHaveLength(0);
    expect(account(await chat('pool/gpt-test'))).toBe('pool-a');
  });

  it('moves on after a server error and after an error event inside a 200 stream', async () => {
    fleet.fakes['pool-a']?.enqueue({ error: { status: 500 } });
    expect(account(await chat('pool/gpt-test'))).toBe('pool-b');

    fleet.fakes['pool-a']?.enqueue({
      reply: { text: 'never seen' },
      streamError: { afterEvents: 0, message: 'overloaded' },
    });
    const streamed = await chat('pool/gpt-test', { stream: true });
    expect(streamed.status).toBe(200);
    expect(account(streamed)).toBe('pool-b');
    const events = new SseParser().push(streamed.body);
    expect(events.at(-1)?.data).toBe('[DONE]');
    expect(streamed.body).not.toContain('overloaded');
  });

  it('gives up on an upstream that hangs before its first byte and moves on', async () => {
    fleet.fakes['pool-a']?.enqueue({ hang: true });
    const reply = await chat('pool/gpt-test', { stream: true });
    expect(reply.status).toBe(200);
    expect(account(reply)).toBe('pool-b');
    await expect.poll(() => fleet.fakes['pool-a']?.requests[0]?.aborted).toBe(true);
  });

  it('cannot fall back once content has flowed: the stream ends with an error event', async () => {
    fleet.fakes['pool-a']?.enqueue({
      reply: { text: 'a long answer cut short' },
      dropAfterEvents: 3,
    });
    const reply = await chat('pool/gpt-test', { stream: true });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('"error"');
    expect(fleet.fakes['pool-b']?.requests).toHaveLength(0);
  });

  it('marks an account whose key is refused as needing login, until cleared', async () => {
    fleet.fakes['pool-a']?.enqueue({ error: { status: 401 } });
    expect(account(await chat('pool/gpt-test'))).toBe('pool-b');
    expect(account(await chat('pool/gpt-test'))).toBe('pool-b');
    fleet.server.routing.clear('pool-a');
    const fresh = { headers: { session_id: 'after-login' } };
    expect(account(await chat('pool/gpt-test', fresh))).toBe('pool-a');
  });

  it('keeps a conversation on its account under round-robin (prompt cache stays warm)', async () => {
    await fleet.configure((draft) => {
      draft.routing.accountStrategy = 'round-robin';
    });
    // A restart reads the new settings for sure (the running server also watches the file).
    await fleet.restart();
    const first = account(await chat('pool/gpt-test', { headers: { session_id: 'conv-1' } }));
    const other = account(await chat('pool/gpt-test', { headers: { session_id: 'conv-2' } }));
    expect(other).not.toBe(first);
    for (let turn = 0; turn < 3; turn += 1) {
      expect(account(await chat('pool/gpt-test', { headers: { session_id: 'conv-1' } }))).toBe(
        first,
      );
    }
  });

  it('keeps cooldowns across a restart', async () => {
    fleet.fakes['pool-a']?.enqueue(rateLimited(600));
    expect(account(await chat('pool/gpt-test'))).toBe('pool-b');
    await fleet.restart();
    const asked = fleet.fakes['pool-a']?.requests.length;
    expect(account(await chat('pool/gpt-test'))).toBe('pool-b');
    expect(fleet.fakes['pool-a']?.requests.length).toBe(asked);
  });

  it('`account clear` ends a cooldown on the running server, or in the saved state', async () => {
    // The CLI finds the server through the port in settings.
    await fleet.configure((draft) => {
      draft.server.port = fleet.server.port;
    });
    // A new conversation each time: an old one stays where its prompt cache is warm.
    const fresh = async (n: number) =>
      account(await chat('pool/gpt-test', { headers: { session_id: `clear-${n}` } }));
    fleet.fakes['pool-a']?.enqueue(rateLimited(600));
    expect(await fresh(1)).toBe('pool-b');
    expect(await clearAccount('pool-a')).toContain('on the running server');
    expect(await fresh(2)).toBe('pool-a');

    fleet.fakes['pool-a']?.enqueue(rateLimited(600));
    expect(await fresh(3)).toBe('pool-b');
    await fleet.server.close();
    expect(await clearAccount('pool-a')).toContain('when it next starts');
    await fleet.restart();
    expect(await fresh(4)).toBe('pool-a');
  });
});

async function clearAccount(id: string): Promise<string> {
  let out = '';
  const code = await runCli(['account', 'clear', id, '--data-dir', fleet.dataDir], {
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (out += chunk) },
    stdin: process.stdin,
    // The fleet keeps its secrets in the key file, as the CLI must too.
    env: { SWITCHYARD_SECRET_STORE: 'file' },
  });
  expect(code, out).toBe(0);
  return out;
}

describe('combos', () => {
  it('serves auto from the active combo, falling back to another provider and format', async () => {
    fleet.fakes['pool-a']?.enqueue(rateLimited(300));
    fleet.fakes['pool-b']?.enqueue(rateLimited(60));
    const reply = await chat('auto');
    expect(reply.status).toBe(200);
    expect(reply.route).toContain('provider=backup');
    expect(reply.route).toContain('format=anthropic');
    expect(reply.route).toContain('attempts=3');
    expect(JSON.parse(reply.body)).toHaveProperty('object', 'chat.completion');
  });

  it('answers 429 in the caller’s format when every candidate is out, naming the earliest reset', async () => {
    fleet.fakes['pool-a']?.enqueue(rateLimited(300));
    fleet.fakes['pool-b']?.enqueue(rateLimited(60));
    fleet.fakes.backup?.enqueue({
      error: {
        status: 429,
        headers: {
          'retry-after': '200',
          'anthropic-ratelimit-requests-reset': new Date(fleet.clock.now() + 200_000).toISOString(),
        },
      },
    });
    const reply = await chat('auto');
    expect(reply.status).toBe(429);
    expect(reply.retryAfter).toBe('60');
    const error = (JSON.parse(reply.body) as { error: { type: string; message: string } }).error;
    expect(error.type).toBe('rate_limit_error');
    expect(error.message).toMatch(/pool\/gpt-test.*backup\/claude-test.*in 60 s/);
  });

  it('sends unknown models to the active combo only when that option is on', async () => {
    expect((await chat('no-such/model')).status).toBe(404);
    await fleet.configure((draft) => {
      draft.routing.unknownModelsToActiveCombo = true;
    });
    // A restart reads the new settings for sure (the running server also watches the file).
    await fleet.restart();
    const reply = await chat('no-such/model');
    expect(reply.status).toBe(200);
    expect(reply.route).toContain('provider=pool');
  });
});

describe('budgets', () => {
  it('skips a provider over its daily budget until midnight UTC, and refuses a key over its own', async () => {
    // A price of a dollar per input token makes every request blow a one-dollar budget.
    await fleet.configure((draft) => {
      draft.pricing['pool/gpt-test'] = { input: 1_000_000, output: 0 };
      draft.budgets.providers['pool'] = { dailyUsd: 1 };
    });
    await fleet.restart();
    expect((await chat('auto')).route).toContain('provider=pool');
    const over = await chat('auto');
    expect(over.route).toContain('provider=backup');

    fleet.clock.advance(24 * 3_600_000);
    expect((await chat('auto', { headers: { session_id: 'next-day' } })).route).toContain(
      'provider=pool',
    );

    await fleet.configure((draft) => {
      draft.budgets.keys[fleet.routerKeyId] = { dailyUsd: 1 };
    });
    await fleet.restart();
    const refused = await chat('auto');
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(JSON.parse(refused.body)).toMatchObject({
      error: {
        type: 'rate_limit_error',
        message: expect.stringMatching(/router key .* daily budget/),
      },
    });
  });
});

describe('circuit breaker', () => {
  it('opens after repeated server errors, skips the provider, and lets one trial through later', async () => {
    for (const id of ['pool-a', 'pool-b']) {
      for (let index = 0; index < 3; index += 1)
        fleet.fakes[id]?.enqueue({ error: { status: 500 } });
    }
    for (let index = 0; index < 3; index += 1) {
      expect((await chat('auto')).route).toContain('provider=backup');
    }
    const asked =
      (fleet.fakes['pool-a']?.requests.length ?? 0) + (fleet.fakes['pool-b']?.requests.length ?? 0);
    expect(asked).toBe(5);
    expect(fleet.server.routing.breakers.state('pool')).toBe('open');
    const skipped = await chat('auto');
    expect(skipped.route).toContain('provider=backup');
    expect(skipped.route).toContain('attempts=1');

    fleet.clock.advance(31_000);
    fleet.fakes['pool-a']?.reset();
    fleet.fakes['pool-b']?.reset();
    const trial = await chat('auto', { headers: { session_id: 'after-the-storm' } });
    expect(trial.route).toContain('provider=pool');
    expect(fleet.server.routing.breakers.state('pool')).toBe('closed');
  });
});

describe('model lists', () => {
  it('list auto and the combos beside the models, each model once however many accounts', async () => {
    const response = await fetch(`${fleet.url}/v1/models`, {
      headers: { authorization: `Bearer ${fleet.routerKey}` },
    });
    const ids = ((await response.json()) as { data: { id: string }[] }).data.map(
      (model) => model.id,
    );
    expect(ids[0]).toBe('auto');
    expect(ids).toContain('main');
    expect(ids.filter((id) => id.startsWith('pool/'))).toEqual([
      ...new Set(ids.filter((id) => id.startsWith('pool/'))),
    ]);
  });
});

describe('explainability', () => {
  it('records a route trace that `switchyard trace` shows', async () => {
    fleet.fakes['pool-a']?.enqueue(rateLimited(120));
    const reply = await chat('pool/gpt-test');
    await fleet.restart();
    let out = '';
    const code = await runCli(
      ['trace', reply.requestId ?? '', '--data-dir', fleet.dataDir, '--json'],
      {
        stdout: { write: (chunk: string) => (out += chunk) },
        stderr: { write: () => true },
        stdin: process.stdin,
        env: {},
      },
    );
    expect(code).toBe(0);
    const { trace } = JSON.parse(out) as {
      trace: { candidates: { account: string; outcome: string; reason?: string }[] };
    };
    expect(trace.candidates).toEqual([
      expect.objectContaining({
        account: 'pool-a',
        outcome: 'failed',
        reason: expect.stringMatching(/^quota/),
      }),
      expect.objectContaining({ account: 'pool-b', outcome: 'served' }),
    ]);
  });
});

describe('under load', () => {
  it('ends every one of 200 parallel streams correctly while faults are injected', async () => {
    // Faults spread over the three accounts: rate limits with short resets, server errors,
    // error events before content, drops after content, and plain answers in between.
    for (const [id, fake] of Object.entries(fleet.fakes)) {
      for (let index = 0; index < 40; index += 1) {
        const pick = (index + id.length) % 8;
        if (pick === 0) fake.enqueue(id === 'backup' ? { error: { status: 529 } } : rateLimited(1));
        else if (pick === 1) fake.enqueue({ error: { status: 500 } });
        else if (pick === 2)
          fake.enqueue({ reply: { text: 'x' }, streamError: { afterEvents: 0, message: 'busy' } });
        else if (pick === 3)
          fake.enqueue({ reply: { text: 'cut short here' }, dropAfterEvents: 3 });
        else fake.enqueue({ reply: { text: `answer ${index}` } });
      }
    }
    const before = fleet.usage.length;
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        chat('auto', { stream: true, headers: { session_id: `load-${index}` } }),
      ),
    );
    let completed = 0;
    let failedMidStream = 0;
    let refused = 0;
    for (const reply of replies) {
      if (reply.status === 200) {
        const events = new SseParser().push(reply.body);
        const last = events.at(-1)?.data;
        // A finished stream ends with [DONE]; a cut one ends with an error event, never both.
        if (last === '[DONE]') completed += 1;
        else {
          expect(last).toContain('"error"');
          failedMidStream += 1;
        }
        expect(events.filter((event) => event.data === '[DONE]').length).toBeLessThanOrEqual(1);
      } else {
        expect([429, 502, 503, 529]).toContain(reply.status);
        expect(JSON.parse(reply.body)).toHaveProperty('error.message');
        refused += 1;
      }
    }
    expect(completed + failedMidStream + refused).toBe(200);
    expect(completed).toBeGreaterThan(100);
    // The usage ledger saw every stream that reached the client, and nothing twice.
    const records = fleet.usage.slice(before);
    expect(records.filter((record) => record.outcome === 'completed')).toHaveLength(completed);
    expect(records).toHaveLength(completed + failedMidStream);
    // The SQLite ledger holds one row per request, served or refused, with matching outcomes.
    fleet.server.flushUsage();
    const rows = fleet.server.usage
      .recent({ limit: 500 })
      .filter((row) => row.requested === 'auto');
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((row) => row.requestId)).size).toBe(200);
    expect(rows.filter((row) => row.status === 200 && row.outcome === 'completed')).toHaveLength(
      completed,
    );
    expect(rows.filter((row) => row.status !== 200)).toHaveLength(refused);
  });
});
