/** How chat spells images and files: `image_url.url` and `file.file_data` are data URLs or links. */
import type { ImageSource } from '../ir/types.js';

/** A `data:<type>;base64,<data>` URL → IR base64 source; anything else is a plain URL. */
export function urlToSource(url: string): ImageSource {
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    const meta = comma === -1 ? '' : url.slice('data:'.length, comma);
    if (meta.endsWith(';base64')) {
      const mediaType = meta.slice(0, meta.indexOf(';'));
      return {
        kind: 'base64',
        mediaType: mediaType === '' ? 'application/octet-stream' : mediaType,
        data: url.slice(comma + 1),
      };
    }
  }
  return { kind: 'url', url };
}

export function sourceToUrl(source: ImageSource): string {
  return source.kind === 'base64' ? `data:${source.mediaType};base64,${source.data}` : source.url;
}

const EXTENSION_BY_TYPE: Record<string, string> = {
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/csv': 'csv',
  'application/json': 'json',
};

/** OpenAI rejects inline `file_data` without a filename, so one is derived when the IR has none. */
export function defaultFilename(mediaType: string): string {
  return `document.${EXTENSION_BY_TYPE[mediaType] ?? 'bin'}`;
}
