/**
 * Antigravity usage: `POST https://cloudcode-pa.googleapis.com/v1internal:fetchAvailableModels`
 * with the bearer and `{"project": …}` (the Cloud Code project the login
 * stored). `models[id].quotaInfo` holds `remainingFraction` (0–1) and
 * `resetTime` (RFC 3339) per model, so each model is its own window.
 */
import type { QuotaWindow } from '../../shared/quota.js';
import {
  isRecord,
  measuredWindow,
  numberIn,
  parseError,
  stringIn,
  timeIn,
  type QuotaReader,
} from '../quota-reader.js';

export const ANTIGRAVITY_USAGE_URL =
  'https://cloudcode-pa.googleapis.com/v1internal:fetchAvailableModels';

export const antigravityQuotaReader: QuotaReader = {
  request: ({ accessToken, extra }) => {
    const project = extra['project'];
    return {
      url: ANTIGRAVITY_USAGE_URL,
      method: 'POST',
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(project === undefined ? {} : { project }),
    };
  },
  parse(body, now) {
    if (!isRecord(body)) return parseError('The Antigravity models reply is not a JSON object');
    const models = body['models'];
    if (!isRecord(models)) return parseError('The Antigravity models reply has no models');
    const windows: QuotaWindow[] = [];
    for (const [id, model] of Object.entries(models)) {
      if (!isRecord(model)) continue;
      const quota = model['quotaInfo'];
      if (!isRecord(quota)) continue;
      // proto3 JSON leaves out zero values: quotaInfo without remainingFraction means none left.
      const remaining = numberIn(quota['remainingFraction']) ?? 0;
      windows.push(
        measuredWindow(
          {
            id: `model:${id}`,
            label: stringIn(model['displayName']) ?? id,
            kind: 'other',
            usedPercent: (1 - remaining) * 100,
            resetsAt: timeIn(quota['resetTime']),
          },
          now,
        ),
      );
    }
    return windows;
  },
};
