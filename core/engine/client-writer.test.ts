import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientStreamWriter } from './client-writer.js';

let server: Server | undefined;

/** Serves one request with `handle`, and returns what a real client receives. */
async function serve(
  handle: (res: ServerResponse, headersSeen: Promise<void>) => Promise<void>,
): Promise<{ status: number; type: string | undefined; body: string }> {
  let seen: () => void = () => undefined;
  const headersSeen = new Promise<void>((resolve) => (seen = resolve));
  server = createServer((_req, res) => void handle(res, headersSeen));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const reply = await request(`http://127.0.0.1:${port}/`);
  // The client has the status line and headers; the body may still be coming.
  seen();
  const type = reply.headers['content-type'];
  return {
    status: reply.statusCode,
    type: Array.isArray(type) ? type[0] : type,
    body: await reply.body.text(),
  };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const HEADERS = { 'content-type': 'text/event-stream' };

describe('ClientStreamWriter', () => {
  it('sends the headers with the first bytes and tells its commit once', async () => {
    let commits = 0;
    const reply = await serve(async (res) => {
      const writer = new ClientStreamWriter(res, HEADERS, () => (commits += 1));
      await writer.write(Buffer.from('data: 1\n\n'));
      await writer.write('data: 2\n\n');
      await writer.end('data: [DONE]\n\n');
    });
    expect(reply).toEqual({
      status: 200,
      type: 'text/event-stream',
      body: 'data: 1\n\ndata: 2\n\ndata: [DONE]\n\n',
    });
    expect(commits).toBe(1);
  });

  it('sends held text first, whether committed, written to or ended', async () => {
    const reply = await serve(async (res) => {
      const writer = new ClientStreamWriter(res, HEADERS);
      writer.hold('a');
      writer.hold('b');
      expect(writer.isCommitted).toBe(false);
      await writer.write('c');
      writer.hold('d');
      await writer.end('e');
    });
    expect(reply.body).toBe('abcde');

    await new Promise<void>((resolve) => server?.close(() => resolve()));
    const ended = await serve(async (res) => {
      const writer = new ClientStreamWriter(res, HEADERS);
      writer.hold('held');
      await writer.end();
    });
    expect(ended).toMatchObject({ status: 200, body: 'held' });
  });

  it.each([
    ['commit()', (writer: ClientStreamWriter) => writer.commit()],
    ['write("")', (writer: ClientStreamWriter) => writer.write('')],
    ['write(empty bytes)', (writer: ClientStreamWriter) => writer.write(new Uint8Array(0))],
  ])('%s with nothing to send still gets the headers to the client', async (_name, start) => {
    const reply = await serve(async (res, headersSeen) => {
      const writer = new ClientStreamWriter(res, HEADERS);
      await start(writer);
      // The body ends only once the client has seen the headers, so they must have gone out alone.
      await headersSeen;
      await writer.end('done');
    });
    expect(reply).toMatchObject({ status: 200, body: 'done' });
  });
});
