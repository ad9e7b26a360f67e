/** One server-sent event as it appears on the wire. */
export interface SseEvent {
  /** The `event:` field; undefined when the frame had none (OpenAI chat, Gemini). */
  event?: string;
  data: string;
}
