/** Model lists in each format's shape: OpenAI (and Anthropic's when asked), Gemini, Ollama. */
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import type { ResolvedProvider } from '../../providers/catalog.js';
import { AUTO_MODEL } from '../../routing/combos.js';
import type { Combo } from '../../storage/settings-schema.js';

interface ListedModel {
  id: string;
  /** Who serves it: the provider prefix, or `switchyard` for combos. */
  owner: string;
  displayName: string;
}

/** The combos to list beside the models, and which one `auto` means. */
export interface ComboListing {
  combos: readonly Combo[];
  activeCombo?: string | undefined;
}

function listed(
  providers: readonly ResolvedProvider[],
  combos: ComboListing | undefined,
): ListedModel[] {
  const models = new Map<string, ListedModel>();
  for (const provider of providers) {
    if (!provider.enabled) continue;
    for (const model of provider.models) {
      const id = `${provider.prefix}/${model}`;
      // Accounts of one provider share a prefix; the model is listed once.
      if (!models.has(id)) {
        models.set(id, {
          id,
          owner: provider.prefix,
          displayName: `${id} (${provider.definition.displayName})`,
        });
      }
    }
  }
  const out = [...models.values()];
  const active = combos?.combos.find((combo) => combo.name === combos.activeCombo);
  if (active !== undefined) {
    out.unshift({
      id: AUTO_MODEL,
      owner: 'switchyard',
      displayName: `auto (the active combo, ${active.name})`,
    });
  }
  for (const combo of combos?.combos ?? []) {
    out.push({
      id: combo.name,
      owner: 'switchyard',
      displayName: `${combo.name} (combo: ${combo.entries.map((entry) => entry.model).join(' → ')})`,
    });
  }
  return out;
}

const EPOCH = '2025-01-01T00:00:00Z';

export function openaiModels(
  providers: () => readonly ResolvedProvider[],
  combos?: () => ComboListing,
) {
  return (req: ExpressRequest, res: ExpressResponse): void => {
    const models = listed(providers(), combos?.());
    if (req.headers['anthropic-version'] !== undefined) {
      res.json({
        data: models.map(({ id, displayName }) => ({
          type: 'model',
          id,
          display_name: displayName,
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
      data: models.map(({ id, owner }) => ({
        id,
        object: 'model',
        created: Date.parse(EPOCH) / 1000,
        owned_by: owner,
      })),
    });
  };
}

export function geminiModels(
  providers: () => readonly ResolvedProvider[],
  combos?: () => ComboListing,
) {
  return (_req: ExpressRequest, res: ExpressResponse): void => {
    res.json({
      models: listed(providers(), combos?.()).map(({ id, displayName }) => ({
        name: `models/${id}`,
        baseModelId: id,
        displayName,
        supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
      })),
    });
  };
}

export function ollamaTags(
  providers: () => readonly ResolvedProvider[],
  combos?: () => ComboListing,
) {
  return (_req: ExpressRequest, res: ExpressResponse): void => {
    res.json({
      models: listed(providers(), combos?.()).map(({ id, owner }) => ({
        name: id,
        model: id,
        modified_at: EPOCH,
        size: 0,
        digest: '',
        details: {
          format: 'remote',
          family: owner,
          parameter_size: '',
          quantization_level: '',
        },
      })),
    });
  };
}
