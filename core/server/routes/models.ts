/** Model lists in each format's shape: OpenAI (and Anthropic's when asked), Gemini, Ollama. */
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import type { ResolvedProvider } from '../../providers/catalog.js';

interface ListedModel {
  id: string;
  provider: ResolvedProvider;
}

function listed(providers: readonly ResolvedProvider[]): ListedModel[] {
  const models: ListedModel[] = [];
  for (const provider of providers) {
    if (!provider.enabled) continue;
    for (const model of provider.models)
      models.push({ id: `${provider.prefix}/${model}`, provider });
  }
  return models;
}

const EPOCH = '2025-01-01T00:00:00Z';

export function openaiModels(providers: () => readonly ResolvedProvider[]) {
  return (req: ExpressRequest, res: ExpressResponse): void => {
    const models = listed(providers());
    if (req.headers['anthropic-version'] !== undefined) {
      res.json({
        data: models.map(({ id, provider }) => ({
          type: 'model',
          id,
          display_name: `${id} (${provider.definition.displayName})`,
          created_at: EPOCH,
        })),
        has_more: false,
        first_id: models[0]?.id ?? null,
        last_id: models.at(-1)?.id ?? null,
      });
      return;
    }
    res.json({
      object: 'list',
      data: models.map(({ id, provider }) => ({
        id,
        object: 'model',
        created: Date.parse(EPOCH) / 1000,
        owned_by: provider.id,
      })),
    });
  };
}

export function geminiModels(providers: () => readonly ResolvedProvider[]) {
  return (_req: ExpressRequest, res: ExpressResponse): void => {
    res.json({
      models: listed(providers()).map(({ id, provider }) => ({
        name: `models/${id}`,
        baseModelId: id,
        displayName: `${id} (${provider.definition.displayName})`,
        supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
      })),
    });
  };
}

export function ollamaTags(providers: () => readonly ResolvedProvider[]) {
  return (_req: ExpressRequest, res: ExpressResponse): void => {
    res.json({
      models: listed(providers()).map(({ id, provider }) => ({
        name: id,
        model: id,
        modified_at: EPOCH,
        size: 0,
        digest: '',
        details: {
          format: 'remote',
          family: provider.id,
          parameter_size: '',
          quantization_level: '',
        },
      })),
    });
  };
}
