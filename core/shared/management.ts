/**
 * What a transport (HTTP, IPC) needs from the management service: one call
 * taking an untyped method name and payload, and a feed of events. Pure types
 * and one pure guard, so electron/ and the preload can share them.
 */
import {
  MANAGEMENT_METHODS,
  type ManagementEvent,
  type ManagementMethod,
  type Result,
} from './contract.js';

export type ManagementEventListener = (event: ManagementEvent) => void;

export interface ManagementService {
  /** Validates `req` and runs `method`; never rejects, failures come back as `{ ok: false }`. */
  call(method: string, req: unknown): Promise<Result<unknown>>;
  /** Returns the unsubscribe function. */
  subscribe(listener: ManagementEventListener): () => void;
}

const METHOD_SET: ReadonlySet<string> = new Set(MANAGEMENT_METHODS);

export function isManagementMethod(name: unknown): name is ManagementMethod {
  return typeof name === 'string' && METHOD_SET.has(name);
}

/** The IPC channel of one method; the event channel is `management:event`. */
export function managementChannel(method: ManagementMethod): `management:${ManagementMethod}` {
  return `management:${method}`;
}

export const MANAGEMENT_EVENT_CHANNEL = 'management:event';
