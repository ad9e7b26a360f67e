/** Data URLs and file names: how both OpenAI formats spell images and files inline. */
import type { ImageSource } from '../ir/types.js';

/** Splits a base64 data URL; anything else (plain URLs, non-base64 data URLs) is undefined. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma === -1) return undefined;
  const meta = url.slice('data:'.length, comma);
  if (!meta.endsWith(';base64')) return undefined;
  const mediaType = meta.split(';')[0] ?? '';
  return {
    mediaType: mediaType === '' ? 'application/octet-stream' : mediaType,
    data: url.slice(comma + 1),
  };
}

/** An image_url / file_url value: base64 becomes a data URL, URLs pass through untouched. */
export function sourceToUrl(source: ImageSource): string {
  return source.kind === 'base64' ? `data:${source.mediaType};base64,${source.data}` : source.url;
}

/** A URL from the client: data URLs are unpacked so other formats get raw base64. */
export function urlToSource(url: string): ImageSource {
  const inline = parseDataUrl(url);
  return inline === undefined ? { kind: 'url', url } : { kind: 'base64', ...inline };
}

const EXTENSION_BY_TYPE: Record<string, string> = {
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/csv': 'csv',
  'application/json': 'json',
};

const TYPE_BY_EXTENSION: Record<string, string> = Object.fromEntries(
  Object.entries(EXTENSION_BY_TYPE).map(([type, extension]) => [extension, type]),
);

/** OpenAI rejects inline file_data without a filename, so one is derived when the IR has none. */
export function defaultFilename(mediaType: string): string {
  return `document.${EXTENSION_BY_TYPE[mediaType] ?? 'bin'}`;
}

/** Raw base64 `file_data` carries no media type; the filename's extension is the only hint. */
export function mediaTypeForFilename(filename: string | undefined): string {
  const extension = filename?.split('.').pop()?.toLowerCase() ?? '';
  return TYPE_BY_EXTENSION[extension] ?? 'application/octet-stream';
}
