/**
 * Line edits to a dotenv file (`KEY=value`, optionally `export KEY=value`):
 * only the named keys' lines change, every other line keeps its bytes.
 */

const LINE = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)(\s*=\s*)(.*)$/;

interface EnvLine {
  text: string;
  eol: string;
}

function splitLines(text: string): EnvLine[] {
  const lines: EnvLine[] = [];
  let offset = 0;
  while (offset < text.length) {
    const newline = text.indexOf('\n', offset);
    const end = newline === -1 ? text.length : newline + 1;
    const raw = text.slice(offset, end);
    const eol = raw.endsWith('\r\n') ? '\r\n' : raw.endsWith('\n') ? '\n' : '';
    lines.push({ text: raw.slice(0, raw.length - eol.length), eol });
    offset = end;
  }
  return lines;
}

function render(lines: readonly EnvLine[]): string {
  return lines.map((line) => line.text + line.eol).join('');
}

function unquote(raw: string): string {
  const value = raw.trim();
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2) {
    const close = value.indexOf(quote, 1);
    if (close > 0) return value.slice(1, close);
  }
  // An unquoted value ends at an inline comment.
  return value.replace(/\s+#.*$/, '');
}

export function getEnvValue(text: string, key: string): string | undefined {
  for (const line of splitLines(text)) {
    const match = LINE.exec(line.text);
    if (match?.[2] === key) return unquote(match[4] ?? '');
  }
  return undefined;
}

/** Sets `key`; a new key goes at the end, in the file's own line endings. */
export function setEnvValue(text: string, key: string, value: string): string {
  const lines = splitLines(text);
  const rendered = /^[A-Za-z0-9_./:@+-]*$/.test(value) ? value : JSON.stringify(value);
  const existing = lines.find((line) => LINE.exec(line.text)?.[2] === key);
  if (existing !== undefined) {
    const match = LINE.exec(existing.text);
    if (match !== null && unquote(match[4] ?? '') === value) return text;
    existing.text = `${match?.[1] ?? ''}${key}${match?.[3] ?? '='}${rendered}`;
    return render(lines);
  }
  const eol = lines.find((line) => line.eol !== '')?.eol ?? '\n';
  const last = lines[lines.length - 1];
  if (last !== undefined && last.eol === '') last.eol = eol;
  lines.push({ text: `${key}=${rendered}`, eol });
  return render(lines);
}

/** Removes `key` when `when` accepts its value. */
export function removeEnvValue(
  text: string,
  key: string,
  when: (value: string) => boolean,
): string {
  const lines = splitLines(text);
  const index = lines.findIndex((line) => {
    const match = LINE.exec(line.text);
    return match?.[2] === key && when(unquote(match[4] ?? ''));
  });
  if (index === -1) return text;
  lines.splice(index, 1);
  return render(lines);
}
