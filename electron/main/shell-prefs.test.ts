import { beforeEach, describe, expect, it, vi } from 'vitest';

const files = vi.hoisted(() => ({ content: new Map<string, unknown>(), corrupt: false }));

// electron-store loads only inside Electron; this stand-in keeps its get/set contract.
vi.mock('electron-store', () => ({
  default: class {
    constructor(options: { clearInvalidConfig?: boolean }) {
      if (files.corrupt && options.clearInvalidConfig === false) {
        throw new SyntaxError('Unexpected token } in JSON');
      }
    }
    get(key: string): unknown {
      return files.content.get(key);
    }
    set(key: string, value: unknown): void {
      files.content.set(key, value);
    }
  },
}));

const { openShellPrefs, reopenBounds } = await import('./shell-prefs.js');

beforeEach(() => {
  files.content.clear();
  files.corrupt = false;
});

const screen = { x: 0, y: 0, width: 1920, height: 1080 };

describe('shell preferences', () => {
  it('remembers where the pinned window was left', () => {
    const prefs = openShellPrefs();
    expect(prefs.windowBounds()).toBeUndefined();
    prefs.saveWindowBounds({ x: 100, y: 80, width: 900, height: 700 });
    expect(openShellPrefs().windowBounds()).toEqual({ x: 100, y: 80, width: 900, height: 700 });
  });

  it('ignores a saved value that is not a rectangle', () => {
    files.content.set('windowBounds', { x: 1, y: 2, width: 'wide', height: 3 });
    expect(openShellPrefs().windowBounds()).toBeUndefined();
    files.content.set('windowBounds', { x: 1, y: 2, width: 0, height: 3 });
    expect(openShellPrefs().windowBounds()).toBeUndefined();
  });

  it('a damaged file is left alone and the shell runs on defaults', () => {
    files.corrupt = true;
    const log = vi.fn();
    const prefs = openShellPrefs(log);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('unreadable'));
    prefs.saveWindowBounds({ x: 1, y: 2, width: 300, height: 300 });
    expect(prefs.windowBounds()).toEqual({ x: 1, y: 2, width: 300, height: 300 });
    expect(files.content.size).toBe(0);
  });
});

describe('reopening the window', () => {
  it('reopens where it was while that place is on a screen', () => {
    const saved = { x: 200, y: 100, width: 800, height: 600 };
    expect(reopenBounds(saved, [screen])).toEqual(saved);
  });

  it('forgets a place on a monitor that is gone, or one barely on screen', () => {
    expect(reopenBounds({ x: 2200, y: 100, width: 800, height: 600 }, [screen])).toBeUndefined();
    expect(reopenBounds({ x: 1900, y: 100, width: 800, height: 600 }, [screen])).toBeUndefined();
    expect(
      reopenBounds({ x: 2200, y: 100, width: 800, height: 600 }, [
        screen,
        { x: 1920, y: 0, width: 1920, height: 1080 },
      ]),
    ).toEqual({ x: 2200, y: 100, width: 800, height: 600 });
  });

  it('without a saved place there is nothing to reopen', () => {
    expect(reopenBounds(undefined, [screen])).toBeUndefined();
  });
});
