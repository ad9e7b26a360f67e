/**
 * One driver per client wire format, each using the vendor's official SDK the
 * way a coding tool would: a plain question, and a two-turn tool-use
 * conversation with reasoning switched on, streamed or not.
 */
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI, type Content, type Part } from '@google/genai';
import OpenAI from 'openai';
import type { ResponseStreamParams } from 'openai/lib/responses/ResponseStream';
import type { InboundFormat } from '../../formats/codec.js';

export interface Answer {
  text: string;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
}

export interface ToolConversation {
  call: { name: string; args: Record<string, unknown> };
  reasoningSeen: boolean;
  final: Answer;
}

export interface ClientDriver {
  format: InboundFormat;
  ask(model: string, prompt: string, stream: boolean): Promise<Answer>;
  /** Turn 1 makes the model call get_weather; turn 2 returns the tool result and reads the answer. */
  toolConversation(model: string, stream: boolean): Promise<ToolConversation>;
}

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Current weather for a city',
  schema: {
    type: 'object',
    properties: { city: { type: 'string', description: 'City name' } },
    required: ['city'],
  } as { type: 'object'; properties: Record<string, unknown>; required: string[] },
};

const QUESTION = 'What is the weather in Paris?';
const TOOL_RESULT = '{"forecast":"sunny","celsius":21}';

export function openaiChatDriver(url: string, key: string): ClientDriver {
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
  const tools: OpenAI.Chat.ChatCompletionTool[] = [
    {
      type: 'function',
      function: {
        name: WEATHER_TOOL.name,
        description: WEATHER_TOOL.description,
        parameters: WEATHER_TOOL.schema,
      },
    },
  ];
  async function complete(
    body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming,
    stream: boolean,
  ): Promise<OpenAI.Chat.ChatCompletion> {
    if (!stream) return client.chat.completions.create(body);
    const runner = client.chat.completions.stream({
      ...body,
      stream: true,
      stream_options: { include_usage: true },
    });
    return runner.finalChatCompletion();
  }
  const answer = (completion: OpenAI.Chat.ChatCompletion): Answer => ({
    text: completion.choices[0]?.message.content ?? '',
    inputTokens: completion.usage?.prompt_tokens,
    outputTokens: completion.usage?.completion_tokens,
  });
  return {
    format: 'openai-chat',
    async ask(model, prompt, stream) {
      return answer(
        await complete({ model, messages: [{ role: 'user', content: prompt }] }, stream),
      );
    },
    async toolConversation(model, stream) {
      const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
        { role: 'user', content: QUESTION },
      ];
      const first = await complete({ model, messages, tools, reasoning_effort: 'medium' }, stream);
      const message = first.choices[0]?.message;
      const call = message?.tool_calls?.[0];
      if (message === undefined || call === undefined || call.type !== 'function') {
        throw new Error(`no tool call in ${JSON.stringify(first)}`);
      }
      const reasoning = (message as unknown as { reasoning_content?: string }).reasoning_content;
      messages.push({
        ...message,
        content: message.content ?? null,
      } as OpenAI.Chat.ChatCompletionMessageParam);
      messages.push({ role: 'tool', tool_call_id: call.id, content: TOOL_RESULT });
      const second = await complete({ model, messages, tools, reasoning_effort: 'medium' }, stream);
      return {
        call: {
          name: call.function.name,
          args: JSON.parse(call.function.arguments) as Record<string, unknown>,
        },
        reasoningSeen: typeof reasoning === 'string' && reasoning !== '',
        final: answer(second),
      };
    },
  };
}

export function openaiResponsesDriver(url: string, key: string): ClientDriver {
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
  const tools: OpenAI.Responses.Tool[] = [
    {
      type: 'function',
      name: WEATHER_TOOL.name,
      description: WEATHER_TOOL.description,
      parameters: WEATHER_TOOL.schema,
      strict: false,
    },
  ];
  async function create(
    body: OpenAI.Responses.ResponseCreateParamsNonStreaming,
    stream: boolean,
  ): Promise<OpenAI.Responses.Response> {
    if (!stream) return client.responses.create(body);
    return client.responses.stream(body as ResponseStreamParams).finalResponse();
  }
  const answer = (response: OpenAI.Responses.Response): Answer => ({
    text: response.output_text,
    inputTokens: response.usage?.input_tokens,
    outputTokens: response.usage?.output_tokens,
  });
  return {
    format: 'openai-responses',
    async ask(model, prompt, stream) {
      return answer(await create({ model, input: prompt }, stream));
    },
    async toolConversation(model, stream) {
      const input: OpenAI.Responses.ResponseInputItem[] = [{ role: 'user', content: QUESTION }];
      const reasoning = { effort: 'medium' as const, summary: 'auto' as const };
      const first = await create({ model, input, tools, reasoning }, stream);
      const call = first.output.find(
        (item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call',
      );
      if (call === undefined) throw new Error(`no function_call in ${JSON.stringify(first)}`);
      input.push(...(first.output as OpenAI.Responses.ResponseInputItem[]));
      input.push({ type: 'function_call_output', call_id: call.call_id, output: TOOL_RESULT });
      const second = await create({ model, input, tools, reasoning }, stream);
      return {
        call: { name: call.name, args: JSON.parse(call.arguments) as Record<string, unknown> },
        reasoningSeen: first.output.some((item) => item.type === 'reasoning'),
        final: answer(second),
      };
    },
  };
}

export function anthropicDriver(url: string, key: string): ClientDriver {
  const client = new Anthropic({ baseURL: url, apiKey: key, maxRetries: 0 });
  const tools: Anthropic.Tool[] = [
    {
      name: WEATHER_TOOL.name,
      description: WEATHER_TOOL.description,
      input_schema: WEATHER_TOOL.schema,
    },
  ];
  async function create(
    body: Anthropic.MessageCreateParamsNonStreaming,
    stream: boolean,
  ): Promise<Anthropic.Message> {
    if (!stream) return client.messages.create(body);
    return client.messages.stream(body).finalMessage();
  }
  const answer = (message: Anthropic.Message): Answer => ({
    text: message.content.map((block) => (block.type === 'text' ? block.text : '')).join(''),
    inputTokens: message.usage.input_tokens,
    outputTokens: message.usage.output_tokens,
  });
  return {
    format: 'anthropic',
    async ask(model, prompt, stream) {
      return answer(
        await create(
          { model, max_tokens: 1024, messages: [{ role: 'user', content: prompt }] },
          stream,
        ),
      );
    },
    async toolConversation(model, stream) {
      const thinking = { type: 'enabled' as const, budget_tokens: 2048 };
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: QUESTION }];
      const first = await create({ model, max_tokens: 8192, thinking, tools, messages }, stream);
      const call = first.content.find(
        (block): block is Anthropic.ToolUseBlock => block.type === 'tool_use',
      );
      if (call === undefined) throw new Error(`no tool_use in ${JSON.stringify(first)}`);
      messages.push({ role: 'assistant', content: first.content });
      messages.push({
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: call.id, content: TOOL_RESULT }],
      });
      const second = await create({ model, max_tokens: 8192, thinking, tools, messages }, stream);
      return {
        call: { name: call.name, args: call.input as Record<string, unknown> },
        reasoningSeen: first.content.some((block) => block.type === 'thinking'),
        final: answer(second),
      };
    },
  };
}

export function geminiDriver(url: string, key: string): ClientDriver {
  const ai = new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: url } });
  const config = {
    tools: [
      {
        functionDeclarations: [
          {
            name: WEATHER_TOOL.name,
            description: WEATHER_TOOL.description,
            parametersJsonSchema: WEATHER_TOOL.schema,
          },
        ],
      },
    ],
    thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 },
  };
  /** Returns every part the model produced (chunks concatenated) plus usage. */
  async function generate(
    model: string,
    contents: Content[],
    stream: boolean,
    withTools: boolean,
  ): Promise<{ parts: Part[]; input: number | undefined; output: number | undefined }> {
    const request = { model, contents, ...(withTools ? { config } : {}) };
    if (!stream) {
      const response = await ai.models.generateContent(request);
      return {
        parts: response.candidates?.[0]?.content?.parts ?? [],
        input: response.usageMetadata?.promptTokenCount,
        output: response.usageMetadata?.candidatesTokenCount,
      };
    }
    const parts: Part[] = [];
    let input: number | undefined;
    let output: number | undefined;
    for await (const chunk of await ai.models.generateContentStream(request)) {
      parts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
      input = chunk.usageMetadata?.promptTokenCount ?? input;
      output = chunk.usageMetadata?.candidatesTokenCount ?? output;
    }
    return { parts, input, output };
  }
  const text = (parts: Part[]): string =>
    parts
      .map((part) => (part.thought === true || part.text === undefined ? '' : part.text))
      .join('');
  return {
    format: 'gemini',
    async ask(model, prompt, stream) {
      const reply = await generate(
        model,
        [{ role: 'user', parts: [{ text: prompt }] }],
        stream,
        false,
      );
      return { text: text(reply.parts), inputTokens: reply.input, outputTokens: reply.output };
    },
    async toolConversation(model, stream) {
      const contents: Content[] = [{ role: 'user', parts: [{ text: QUESTION }] }];
      const first = await generate(model, contents, stream, true);
      const call = first.parts.find((part) => part.functionCall !== undefined)?.functionCall;
      if (call?.name === undefined) throw new Error(`no functionCall in ${JSON.stringify(first)}`);
      contents.push({ role: 'model', parts: first.parts });
      contents.push({
        role: 'user',
        parts: [
          {
            functionResponse: {
              name: call.name,
              response: JSON.parse(TOOL_RESULT) as Record<string, unknown>,
            },
          },
        ],
      });
      const second = await generate(model, contents, stream, true);
      return {
        call: { name: call.name, args: call.args ?? {} },
        reasoningSeen: first.parts.some((part) => part.thought === true),
        final: { text: text(second.parts), inputTokens: second.input, outputTokens: second.output },
      };
    },
  };
}

export function allDrivers(url: string, key: string): ClientDriver[] {
  return [
    openaiChatDriver(url, key),
    openaiResponsesDriver(url, key),
    anthropicDriver(url, key),
    geminiDriver(url, key),
  ];
}
