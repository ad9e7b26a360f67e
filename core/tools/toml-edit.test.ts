import { describe, expect, it } from 'vitest';
import { CODEX_CONFIG } from './fixtures.test-helpers.js';
import {
  getTableValue,
  getTopLevel,
  removeTable,
  removeTopLevel,
  setTableValues,
  setTopLevel,
} from './toml-edit.js';
import { ToolEditError } from './types.js';

const TABLE = ['model_providers', 'switchyard'];

describe('toml-edit', () => {
  it('replaces a top-level value in place, keeping its comment and CRLF', () => {
    const next = setTopLevel(CODEX_CONFIG, 'f', 'model', 'auto');
    expect(next).toBe(CODEX_CONFIG.replace('"gpt-5.2-codex"', '"auto"'));
  });

  it('adds a top-level key after the last top-level key, not inside a multi-line array', () => {
    const next = setTopLevel(CODEX_CONFIG, 'f', 'model_provider', 'switchyard');
    expect(next).toContain(']\r\nmodel_provider = "switchyard"\r\n\r\n[tui]');
    expect(getTopLevel(next, 'model_provider')).toBe('switchyard');
  });

  it('appends a new table at the end and removes it again byte for byte', () => {
    const next = setTableValues(CODEX_CONFIG, 'f', TABLE, [
      ['name', 'Switchyard'],
      ['base_url', 'http://127.0.0.1:20128/v1'],
    ]);
    expect(next.startsWith(CODEX_CONFIG)).toBe(true);
    expect(
      next.endsWith(
        '[model_providers.switchyard]\r\nname = "Switchyard"\r\nbase_url = "http://127.0.0.1:20128/v1"\r\n',
      ),
    ).toBe(true);
    expect(getTableValue(next, TABLE, 'base_url')).toBe('http://127.0.0.1:20128/v1');
    expect(removeTable(next, TABLE)).toBe(CODEX_CONFIG);
  });

  it('updates keys inside an existing table and leaves other keys alone', () => {
    const text =
      '[model_providers.switchyard]\nname = "Mine"\nextra = 1 # mine\n\n[other]\na = 1\n';
    const next = setTableValues(text, 'f', TABLE, [
      ['name', 'Switchyard'],
      ['wire_api', 'responses'],
    ]);
    expect(next).toBe(
      '[model_providers.switchyard]\nname = "Switchyard"\nextra = 1 # mine\nwire_api = "responses"\n\n[other]\na = 1\n',
    );
  });

  it('removes a top-level key only when its value matches', () => {
    const text = 'model_provider = "openai"\n';
    expect(removeTopLevel(text, 'model_provider', (v) => v === 'switchyard')).toBe(text);
    expect(removeTopLevel(text, 'model_provider', (v) => v === 'openai')).toBe('');
  });

  it('refuses a provider table written as dotted keys or inline', () => {
    expect(() =>
      setTableValues('model_providers.switchyard.name = "x"\n', 'f', TABLE, [['name', 'y']]),
    ).toThrow(ToolEditError);
    expect(() =>
      setTableValues('[model_providers]\nswitchyard = { name = "x" }\n', 'f', TABLE, [
        ['name', 'y'],
      ]),
    ).toThrow(ToolEditError);
  });

  it('refuses to rewrite a multi-line value', () => {
    expect(() => setTopLevel('model = """\nx\n"""\n', 'f', 'model', 'auto')).toThrow(ToolEditError);
  });
});
