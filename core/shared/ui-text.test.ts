/**
 * Every user-facing string lives in one place (core/shared/strings). This scans the
 * dashboard's TSX and the tray's code for text written inline: JSX text with letters in it,
 * and literal values of the attributes people read (aria-label, title, placeholder, alt).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const READ_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description']);
/** Fields of menu items, notifications and dialogs that Electron shows to the user. */
const SHOWN_FIELDS = new Set([
  'label',
  'sublabel',
  'toolTip',
  'title',
  'body',
  'message',
  'detail',
]);

function sourceFiles(dir: string, extension: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path, extension);
    return entry.name.endsWith(extension) && !entry.name.includes('.test.') ? [path] : [];
  });
}

/** Inline text a user would see, as `file:line text`. */
function inlineText(path: string, text = readFileSync(path, 'utf8')): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const report = (node: ts.Node, text: string): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    found.push(`${relative(ROOT, path)}:${line} ${JSON.stringify(text.trim())}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) report(node, node.text);
    if (
      ts.isJsxAttribute(node) &&
      READ_ATTRIBUTES.has(node.name.getText(source)) &&
      node.initializer !== undefined &&
      ts.isStringLiteral(node.initializer) &&
      /\p{L}/u.test(node.initializer.text)
    ) {
      report(node, node.initializer.text);
    }
    if (
      ts.isPropertyAssignment(node) &&
      SHOWN_FIELDS.has(node.name.getText(source)) &&
      ts.isStringLiteralLike(node.initializer) &&
      /\p{L}/u.test(node.initializer.text)
    ) {
      report(node, node.initializer.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('user-facing strings', () => {
  it('the dashboard writes no text inline in its components, stores or client', () => {
    const dir = join(ROOT, 'renderer', 'src');
    const files = [...sourceFiles(dir, '.tsx'), ...sourceFiles(dir, '.ts')];
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((file) => inlineText(file))).toEqual([]);
  });

  it('the tray and its notifications take their text from the strings module', () => {
    const files = sourceFiles(join(ROOT, 'electron', 'main'), '.ts');
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap((file) => inlineText(file))).toEqual([]);
  });

  it('the scan catches inline text and passes text from the strings module', () => {
    const sample = [
      'export const A = () => <p title="Quota left">Left: {strings.quota}</p>;',
      'export const B = () => <img alt="" aria-label={strings.icon} />;',
      "const item = { label: 'Quit', click: quit, title: strings.title };",
    ].join('\n');
    expect(inlineText(join(ROOT, 'sample.tsx'), sample)).toEqual([
      'sample.tsx:1 "Quota left"',
      'sample.tsx:1 "Left:"',
      'sample.tsx:3 "Quit"',
    ]);
  });
});
