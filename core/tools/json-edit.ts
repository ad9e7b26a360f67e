/**
 * Edits to JSON and JSON-with-comments files that touch only the values asked
 * for: jsonc-parser computes minimal text edits, so comments, key order,
 * indentation and line endings elsewhere in the file stay byte for byte.
 */
import {
  applyEdits,
  findNodeAtLocation,
  getNodeValue,
  modify,
  parseTree,
  printParseErrorCode,
  type FormattingOptions,
  type JSONPath,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import { ToolEditError } from './types.js';

export type JsonPath = readonly (string | number)[];

/** The root node, or a ToolEditError when the text is not JSON with comments. */
export function parseJsonc(text: string, file: string): Node | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first !== undefined) {
    throw new ToolEditError(
      file,
      `${file} is not valid JSON (${printParseErrorCode(first.error)} at offset ${first.offset}); ` +
        'fix it or make the change by hand',
    );
  }
  if (root !== undefined && root.type !== 'object') {
    throw new ToolEditError(file, `${file} does not hold a JSON object`);
  }
  return root;
}

export function readJson(text: string, file: string, path: JsonPath): unknown {
  const root = parseJsonc(text, file);
  if (root === undefined) return undefined;
  const node = findNodeAtLocation(root, [...path]);
  return node === undefined ? undefined : (getNodeValue(node) as unknown);
}

/** Sets one value, creating parent objects as needed. */
export function setJson(text: string, file: string, path: JsonPath, value: unknown): string {
  parseJsonc(text, file);
  return applyModify(text, file, path, value, {});
}

/** Removes one value; a no-op when it is absent. */
export function removeJson(text: string, file: string, path: JsonPath): string {
  const root = parseJsonc(text, file);
  if (root === undefined || findNodeAtLocation(root, [...path]) === undefined) return text;
  return applyModify(text, file, path, undefined, {});
}

/** Appends to the array at `path` (created when absent). */
export function appendJson(text: string, file: string, path: JsonPath, value: unknown): string {
  const root = parseJsonc(text, file);
  const array = root === undefined ? undefined : findNodeAtLocation(root, [...path]);
  if (array === undefined) return applyModify(text, file, path, [value], {});
  if (array.type !== 'array') throw new ToolEditError(file, `${path.join('.')} is not a list`);
  return applyModify(text, file, [...path, array.children?.length ?? 0], value, {
    isArrayInsertion: true,
  });
}

/** The text of a new file holding only what `build` sets. */
export function newJsonText(build: (text: string) => string): string {
  return build('{}\n');
}

function applyModify(
  text: string,
  file: string,
  path: JsonPath,
  value: unknown,
  options: { isArrayInsertion?: boolean },
): string {
  try {
    const edits = modify(text, [...path] as JSONPath, value, {
      formattingOptions: formattingOf(text),
      ...options,
    });
    return applyEdits(text, edits);
  } catch (error) {
    // jsonc-parser throws when a parent on the path is not an object (a string, a list).
    const reason = error instanceof Error ? error.message : String(error);
    throw new ToolEditError(file, `cannot set ${path.join('.')} in ${file}: ${reason}`);
  }
}

/** Indentation and line endings as the file already uses them, so new lines blend in. */
export function formattingOf(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (indent?.startsWith('\t') === true) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent?.length ?? 2, eol };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
