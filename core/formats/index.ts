/** The format registry: the only list of wire formats and their codecs. */
import { anthropicCodec } from './anthropic/index.js';
import { createAntigravityCodec } from './antigravity/index.js';
import type { CodecRegistry } from './codec.js';
import { geminiCodec } from './gemini/index.js';
import { kiroCodec } from './kiro/index.js';
import { openaiChatCodec } from './openai-chat/index.js';
import { openaiResponsesCodec } from './openai-responses/index.js';

export const CODECS: CodecRegistry = {
  'openai-chat': openaiChatCodec,
  'openai-responses': openaiResponsesCodec,
  anthropic: anthropicCodec,
  gemini: geminiCodec,
  kiro: kiroCodec,
  // The registry may see every format; it hands Gemini to the wrapper that reuses it.
  antigravity: createAntigravityCodec(geminiCodec),
};

export { ollamaCodec } from './ollama/index.js';
