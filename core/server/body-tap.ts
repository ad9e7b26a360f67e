/**
 * Lets a middleware see a request body the route reads (the debug log), without
 * reading the stream itself. Only requests with a tap pay anything beyond one lookup.
 */
import type { IncomingMessage } from 'node:http';

type BodyTap = (chunks: readonly Buffer[]) => void;

const taps = new WeakMap<IncomingMessage, BodyTap>();

export function tapRequestBody(req: IncomingMessage, tap: BodyTap): void {
  taps.set(req, tap);
}

/** Called by the body reader with the chunks as they arrived (no copy). */
export function deliverTappedBody(req: IncomingMessage, chunks: readonly Buffer[]): void {
  taps.get(req)?.(chunks);
}
