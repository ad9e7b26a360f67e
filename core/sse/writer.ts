/** Serialises SSE frames. Data must not contain raw newlines other than JSON's escaped ones. */

/** A frame with an `event:` line, as Anthropic and Responses use. */
export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A data-only frame, as OpenAI chat and Gemini use. */
export function sseData(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}
