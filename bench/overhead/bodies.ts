/** Claude-Code-sized request bodies: a long system prompt, 30 tools and a tool-heavy history. */

/** The provider id (and model prefix) the benchmark's router serves the fake under. */
export const BENCH_PROVIDER = 'up-chat';

const TOOL_COUNT = 30;

function tools(): { name: string; description: string; input_schema: Record<string, unknown> }[] {
  return Array.from({ length: TOOL_COUNT }, (_, index) => ({
    name: `tool_${index}`,
    description: `Tool number ${index}. `.repeat(20),
    input_schema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'Absolute path of the file to work on.' },
        content: { type: 'string', description: 'The new content, in full.' },
        options: {
          type: 'object',
          properties: { recursive: { type: 'boolean' }, limit: { type: 'integer' } },
        },
      },
      required: ['path'],
    },
  }));
}

/** An Anthropic Messages body of roughly `targetBytes`. */
export function anthropicBody(model: string, targetBytes: number): Record<string, unknown> {
  const messages: unknown[] = [{ role: 'user', content: 'Refactor the project, please.' }];
  const fileChunk = 'export const value = compute(input); // line of source code\n'.repeat(40);
  let turn = 0;
  const body = {
    model,
    max_tokens: 8192,
    stream: true,
    system: [{ type: 'text', text: 'You are a careful coding agent. '.repeat(200) }],
    tools: tools(),
    messages,
  };
  while (JSON.stringify(body).length < targetBytes) {
    const id = `toolu_${String(turn).padStart(6, '0')}`;
    messages.push({
      role: 'assistant',
      content: [
        { type: 'text', text: `Reading file ${turn}.` },
        {
          type: 'tool_use',
          id,
          name: `tool_${turn % TOOL_COUNT}`,
          input: { path: `/src/file${turn}.ts` },
        },
      ],
    });
    messages.push({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: id, content: fileChunk }],
    });
    turn += 1;
  }
  messages.push({ role: 'user', content: 'Now continue.' });
  return body;
}

/** An OpenAI chat body of roughly `targetBytes`, with the same shape of history. */
export function chatBody(model: string, targetBytes: number): Record<string, unknown> {
  const messages: unknown[] = [
    { role: 'system', content: 'You are a careful coding agent. '.repeat(200) },
    { role: 'user', content: 'Refactor the project, please.' },
  ];
  const fileChunk = 'export const value = compute(input); // line of source code\n'.repeat(40);
  const body = {
    model,
    stream: true,
    stream_options: { include_usage: true },
    tools: tools().map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.input_schema },
    })),
    messages,
  };
  let turn = 0;
  while (JSON.stringify(body).length < targetBytes) {
    const id = `call_${String(turn).padStart(6, '0')}`;
    messages.push({
      role: 'assistant',
      content: `Reading file ${turn}.`,
      tool_calls: [
        {
          id,
          type: 'function',
          function: {
            name: `tool_${turn % TOOL_COUNT}`,
            arguments: JSON.stringify({ path: `/src/file${turn}.ts` }),
          },
        },
      ],
    });
    messages.push({ role: 'tool', tool_call_id: id, content: fileChunk });
    turn += 1;
  }
  messages.push({ role: 'user', content: 'Now continue.' });
  return body;
}
