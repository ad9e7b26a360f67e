/**
 * A surgical TOML editor for the few lines Switchyard owns in Codex's
 * config.toml: top-level `key = "string"` lines and one `[a.b]` table of
 * string values. Every other byte (comments, spacing, CRLF, other tables)
 * is left exactly as it was. Anything it cannot edit with certainty (a
 * multi-line value, dotted or inline forms of its table) is refused.
 */
import { ToolEditError } from './types.js';

interface Line {
  text: string;
  eol: string;
  kind: 'header' | 'key' | 'continuation' | 'other';
  /** Header name segments, or the key's segments. */
  name?: readonly string[];
}

export function parseLines(text: string): Line[] {
  const lines: Line[] = [];
  const state: ScanState = { string: undefined, depth: 0 };
  let offset = 0;
  while (offset < text.length) {
    const newline = text.indexOf('\n', offset);
    const end = newline === -1 ? text.length : newline + 1;
    const raw = text.slice(offset, end);
    const eol = raw.endsWith('\r\n') ? '\r\n' : raw.endsWith('\n') ? '\n' : '';
    const body = raw.slice(0, raw.length - eol.length);
    lines.push({ ...classify(body, state), text: body, eol });
    offset = end;
  }
  return lines;
}

export function renderLines(lines: readonly Line[]): string {
  return lines.map((line) => line.text + line.eol).join('');
}

interface ScanState {
  string: '"""' | "'''" | undefined;
  depth: number;
}

function classify(body: string, state: ScanState): Omit<Line, 'text' | 'eol'> {
  if (state.string !== undefined || state.depth > 0) {
    scan(body, 0, state);
    return { kind: 'continuation' };
  }
  const trimmed = body.trimStart();
  if (trimmed === '' || trimmed.startsWith('#')) return { kind: 'other' };
  if (trimmed.startsWith('[')) {
    const close = trimmed.lastIndexOf(']');
    const inner = trimmed.slice(trimmed.startsWith('[[') ? 2 : 1, close).replace(/\]$/, '');
    return { kind: 'header', name: parseKey(inner) ?? [] };
  }
  const equals = keyEnd(trimmed);
  if (equals === -1) return { kind: 'other' };
  scan(trimmed, equals + 1, state);
  return { kind: 'key', name: parseKey(trimmed.slice(0, equals)) ?? [] };
}

/** Index of the `=` that ends the key, skipping quoted key parts. */
function keyEnd(text: string): number {
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"' || char === "'") i = closingQuote(text, i);
    else if (char === '=') return i;
  }
  return -1;
}

function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i += 1) {
    if (quote === '"' && text[i] === '\\') i += 1;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

/** Follows strings and brackets so lines inside a multi-line value are never taken for keys. */
function scan(text: string, from: number, state: ScanState): void {
  let i = from;
  while (i < text.length) {
    if (state.string !== undefined) {
      const close = text.indexOf(state.string, i);
      if (close === -1) return;
      i = close + 3;
      state.string = undefined;
      continue;
    }
    const char = text[i];
    if (char === '#') return;
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      state.string = text.startsWith('"""', i) ? '"""' : "'''";
      i += 3;
      continue;
    }
    if (char === '"' || char === "'") i = closingQuote(text, i);
    else if (char === '[' || char === '{') state.depth += 1;
    else if (char === ']' || char === '}') state.depth = Math.max(0, state.depth - 1);
    i += 1;
  }
}

/** `a."b c".d` → ['a', 'b c', 'd']; undefined when it is not a plain key. */
export function parseKey(text: string): string[] | undefined {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest !== '') {
    let part: string;
    if (rest.startsWith('"') || rest.startsWith("'")) {
      const close = closingQuote(rest, 0);
      const decoded = decodeString(rest.slice(0, close + 1));
      if (decoded === undefined) return undefined;
      part = decoded;
      rest = rest.slice(close + 1).trimStart();
    } else {
      const match = /^[A-Za-z0-9_-]+/.exec(rest);
      if (match === null) return undefined;
      part = match[0];
      rest = rest.slice(part.length).trimStart();
    }
    parts.push(part);
    if (rest === '') break;
    if (!rest.startsWith('.')) return undefined;
    rest = rest.slice(1).trimStart();
  }
  return parts;
}

/** The value of a one-line basic or literal string; undefined for anything else. */
export function decodeString(token: string): string | undefined {
  if (token.length >= 2 && token.startsWith("'") && token.endsWith("'")) {
    return token.slice(1, -1);
  }
  if (token.length < 2 || !token.startsWith('"') || !token.endsWith('"')) return undefined;
  try {
    // A TOML basic string's escapes are a subset of JSON's, except \e and \xHH (rare here).
    const value: unknown = JSON.parse(token);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function encodeString(value: string): string {
  return JSON.stringify(value);
}

interface KeyLineParts {
  /** Indentation, key and `=` with its spacing. */
  before: string;
  value: string;
  /** Spacing and comment after the value. */
  after: string;
}

function splitKeyLine(text: string): KeyLineParts | undefined {
  const indent = text.length - text.trimStart().length;
  const equals = keyEnd(text.slice(indent)) + indent;
  let start = equals + 1;
  while (text[start] === ' ' || text[start] === '\t') start += 1;
  const first = text[start];
  let end: number;
  if (text.startsWith('"""', start) || text.startsWith("'''", start)) return undefined;
  if (first === '"' || first === "'") end = closingQuote(text, start) + 1;
  else if (first === '[' || first === '{') return undefined;
  else end = start + (/^[^\s#]*/.exec(text.slice(start))?.[0].length ?? 0);
  return { before: text.slice(0, start), value: text.slice(start, end), after: text.slice(end) };
}

function sameKey(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((part, i) => part === b[i]);
}

function firstHeader(lines: readonly Line[]): number {
  const index = lines.findIndex((line) => line.kind === 'header');
  return index === -1 ? lines.length : index;
}

/** [start, end) of a table's lines after its header, or undefined when it has no header. */
function tableRange(
  lines: readonly Line[],
  table: readonly string[],
): [number, number] | undefined {
  const header = lines.findIndex((line) => line.kind === 'header' && sameKey(line.name, table));
  if (header === -1) return undefined;
  const next = lines.findIndex((line, i) => i > header && line.kind === 'header');
  return [header + 1, next === -1 ? lines.length : next];
}

/** The last line of the key (and its multi-line value) before `end`, or -1. */
function lastKeyLine(lines: readonly Line[], start: number, end: number): number {
  for (let i = end - 1; i >= start; i -= 1) {
    const kind = lines[i]?.kind;
    if (kind === 'key' || kind === 'continuation') return i;
  }
  return -1;
}

function eolOf(lines: readonly Line[]): string {
  return lines.find((line) => line.eol !== '')?.eol ?? '\n';
}

/** Inserts whole lines at `index`, giving the line before a terminator if it lacked one. */
function insertLines(lines: Line[], index: number, texts: readonly string[]): void {
  const eol = eolOf(lines);
  const previous = lines[index - 1];
  if (previous !== undefined && previous.eol === '') previous.eol = eol;
  lines.splice(index, 0, ...texts.map((text) => ({ text, eol, kind: 'other' as const })));
}

function checkNoOtherForms(lines: readonly Line[], file: string, table: readonly string[]): void {
  const [parent, ...rest] = table;
  const dotted = lines.some(
    (line, i) =>
      line.kind === 'key' &&
      i < firstHeader(lines) &&
      line.name !== undefined &&
      line.name.length > table.length &&
      sameKey(line.name.slice(0, table.length), table),
  );
  const parentRange = parent === undefined ? undefined : tableRange(lines, [parent]);
  const inline =
    parentRange !== undefined &&
    lines
      .slice(parentRange[0], parentRange[1])
      .some((line) => line.kind === 'key' && sameKey(line.name?.slice(0, rest.length), rest));
  if (dotted || inline) {
    throw new ToolEditError(
      file,
      `${file} defines [${table.join('.')}] in a form Switchyard does not edit; change it by hand`,
    );
  }
}

/** The decoded string value of a top-level key (before any table). */
export function getTopLevel(text: string, key: string): string | undefined {
  const lines = parseLines(text);
  const end = firstHeader(lines);
  const line = lines.slice(0, end).find((l) => l.kind === 'key' && sameKey(l.name, [key]));
  const parts = line === undefined ? undefined : splitKeyLine(line.text);
  return parts === undefined ? undefined : decodeString(parts.value);
}

export function setTopLevel(text: string, file: string, key: string, value: string): string {
  const lines = parseLines(text);
  const end = firstHeader(lines);
  const index = lines.findIndex((l, i) => i < end && l.kind === 'key' && sameKey(l.name, [key]));
  const line = lines[index];
  if (line !== undefined) {
    const parts = splitKeyLine(line.text);
    if (parts === undefined) {
      throw new ToolEditError(file, `${key} in ${file} has a multi-line value; change it by hand`);
    }
    if (decodeString(parts.value) === value) return text;
    line.text = parts.before + encodeString(value) + parts.after;
    return renderLines(lines);
  }
  const last = lastKeyLine(lines, 0, end);
  const at = last === -1 ? 0 : last + 1;
  const texts = [`${key} = ${encodeString(value)}`];
  // A key put above the first table (with nothing before it) gets a blank line to stand apart.
  if (last === -1 && lines[0] !== undefined && lines[0].text.trim() !== '') texts.push('');
  insertLines(lines, at, texts);
  return renderLines(lines);
}

/** Removes a top-level key when `when` accepts its value. */
export function removeTopLevel(
  text: string,
  key: string,
  when: (value: string | undefined) => boolean,
): string {
  const lines = parseLines(text);
  const end = firstHeader(lines);
  const index = lines.findIndex((l, i) => i < end && l.kind === 'key' && sameKey(l.name, [key]));
  const line = lines[index];
  if (line === undefined) return text;
  const parts = splitKeyLine(line.text);
  if (!when(parts === undefined ? undefined : decodeString(parts.value))) return text;
  lines.splice(index, 1);
  return renderLines(lines);
}

export function getTableValue(
  text: string,
  table: readonly string[],
  key: string,
): string | undefined {
  const lines = parseLines(text);
  const range = tableRange(lines, table);
  if (range === undefined) return undefined;
  const line = lines
    .slice(range[0], range[1])
    .find((l) => l.kind === 'key' && sameKey(l.name, [key]));
  const parts = line === undefined ? undefined : splitKeyLine(line.text);
  return parts === undefined ? undefined : decodeString(parts.value);
}

export function hasTable(text: string, table: readonly string[]): boolean {
  return tableRange(parseLines(text), table) !== undefined;
}

/** Sets string keys in a table, creating it at the end of the file when absent. */
export function setTableValues(
  text: string,
  file: string,
  table: readonly string[],
  entries: readonly (readonly [string, string])[],
): string {
  const lines = parseLines(text);
  checkNoOtherForms(lines, file, table);
  const range = tableRange(lines, table);
  if (range === undefined) {
    const texts = entries.map(([key, value]) => `${key} = ${encodeString(value)}`);
    const header = `[${table.map((part) => (/^[A-Za-z0-9_-]+$/.test(part) ? part : encodeString(part))).join('.')}]`;
    const last = lines[lines.length - 1];
    const spacer = last === undefined || last.text.trim() === '' ? [] : [''];
    insertLines(lines, lines.length, [...spacer, header, ...texts]);
    const final = lines[lines.length - 1];
    if (final !== undefined) final.eol = eolOf(lines);
    return renderLines(lines);
  }
  const start = range[0];
  let end = range[1];
  for (const [key, value] of entries) {
    const index = lines.findIndex(
      (l, i) => i >= start && i < end && l.kind === 'key' && sameKey(l.name, [key]),
    );
    const line = lines[index];
    if (line !== undefined) {
      const parts = splitKeyLine(line.text);
      if (parts === undefined) {
        throw new ToolEditError(
          file,
          `${key} in ${file} has a multi-line value; change it by hand`,
        );
      }
      if (decodeString(parts.value) !== value) {
        line.text = parts.before + encodeString(value) + parts.after;
      }
      continue;
    }
    const last = lastKeyLine(lines, start, end);
    insertLines(lines, last === -1 ? start : last + 1, [`${key} = ${encodeString(value)}`]);
    end += 1;
  }
  return renderLines(lines);
}

/**
 * Removes a table's header and its keys. Comments and blank lines after its
 * last key stay: they usually introduce whatever comes next.
 */
export function removeTable(text: string, table: readonly string[]): string {
  const lines = parseLines(text);
  const range = tableRange(lines, table);
  if (range === undefined) return text;
  const header = range[0] - 1;
  const last = Math.max(header, lastKeyLine(lines, range[0], range[1]));
  lines.splice(header, last - header + 1);
  // Collapse the blank line that separated the table from what came before.
  const before = lines[header - 1];
  const after = lines[header];
  if (
    before !== undefined &&
    before.text.trim() === '' &&
    (after === undefined || after.text.trim() === '')
  ) {
    lines.splice(header - 1, 1);
  }
  return renderLines(lines);
}
