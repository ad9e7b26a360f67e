/** The format registry: the only list of wire formats and their codecs. */
import { anthropicCodec } from './anthropic/index.js';
import type { FormatCodec } from './codec.js';
import { geminiCodec } from './gemini/index.js';
import type { WireFormat } from './ir/types.js';
import { openaiChatCodec } from './openai-chat/index.js';
import { openaiResponsesCodec } from './openai-responses/index.js';

export const CODECS: Readonly<Record<WireFormat, FormatCodec>> = {
  'openai-chat': openaiChatCodec,
  'openai-responses': openaiResponsesCodec,
  anthropic: anthropicCodec,
  gemini: geminiCodec,
};

export { ollamaCodec } from './ollama/index.js';
