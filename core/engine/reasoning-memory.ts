/**
 * Remembers the signed reasoning that came with each tool call, keyed by the
 * call id, for clients whose format has no slot for it (OpenAI chat has no
 * thinking signatures; Anthropic has no Gemini thoughtSignature on tool_use).
 * When the call comes back in the next turn, the reasoning is put back, so the
 * upstream that minted it sees exactly what it sent — agent loops keep their
 * reasoning, and Anthropic's "assistant turn must start with thinking" holds.
 */
import type {
  ContentPart,
  Message,
  ReasoningPart,
  Request,
  Response,
  SignatureOrigin,
} from '../formats/ir/types.js';

interface Remembered {
  origin: SignatureOrigin;
  /** Signed reasoning that preceded the calls in the same assistant turn. */
  reasoning: ReasoningPart[];
  /** A signature attached to the call itself (Gemini). */
  callSignature?: string;
}

function isSigned(part: ReasoningPart): boolean {
  return (
    part.signature !== undefined ||
    part.encryptedContent !== undefined ||
    part.redactedData !== undefined
  );
}

export class ReasoningMemory {
  private readonly entries = new Map<string, Remembered>();

  constructor(private readonly capacity = 5_000) {}

  /** Records the signed reasoning of a response that made tool calls. */
  remember(response: Pick<Response, 'content'>, origin: SignatureOrigin): void {
    const reasoning = response.content.filter(
      (part): part is ReasoningPart => part.type === 'reasoning' && isSigned(part),
    );
    let first = true;
    for (const part of response.content) {
      if (part.type !== 'tool_call') continue;
      const entry: Remembered = { origin, reasoning: first ? reasoning : [] };
      if (part.signature !== undefined) entry.callSignature = part.signature;
      if (entry.reasoning.length === 0 && entry.callSignature === undefined) continue;
      first = false;
      this.set(part.id, entry);
    }
  }

  /** Puts remembered reasoning back into assistant turns whose client dropped it. */
  restore(request: Request): Request {
    if (this.entries.size === 0) return request;
    let changed = false;
    const messages = request.messages.map((message) => {
      if (message.role !== 'assistant') return message;
      const restored = this.restoreMessage(message);
      if (restored !== message) changed = true;
      return restored;
    });
    return changed ? { ...request, messages } : request;
  }

  private restoreMessage(message: Message): Message {
    const hasSignedReasoning = message.content.some(
      (part) => part.type === 'reasoning' && isSigned(part),
    );
    let prefix: ReasoningPart[] = [];
    let changed = false;
    const content: ContentPart[] = [];
    for (const part of message.content) {
      if (part.type !== 'tool_call') {
        content.push(part);
        continue;
      }
      const entry = this.entries.get(part.id);
      if (entry === undefined) {
        content.push(part);
        continue;
      }
      if (!hasSignedReasoning && prefix.length === 0 && entry.reasoning.length > 0) {
        prefix = entry.reasoning.map((reasoning) => ({ ...reasoning, origin: entry.origin }));
      }
      if (part.signature === undefined && entry.callSignature !== undefined) {
        content.push({ ...part, signature: entry.callSignature, origin: entry.origin });
        changed = true;
      } else content.push(part);
    }
    if (prefix.length === 0 && !changed) return message;
    // Unsigned copies of the same reasoning (e.g. reasoning_content echoed back) give way to the signed originals.
    const rest = prefix.length > 0 ? content.filter((part) => part.type !== 'reasoning') : content;
    return { ...message, content: [...prefix, ...rest] };
  }

  private set(id: string, entry: Remembered): void {
    this.entries.delete(id);
    this.entries.set(id, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
