/**
 * The shell's own memory, kept by electron-store: where the user left the pinned dashboard
 * window. Product settings stay in core's settings file, which the CLI and headless mode
 * share; nothing here changes what Switchyard does, only where its window opens.
 */
import Store from 'electron-store';
import type { Rect } from './popover-bounds.js';

export interface ShellPrefs {
  windowBounds(): Rect | undefined;
  saveWindowBounds(bounds: Rect): void;
}

interface ShellPrefsData {
  windowBounds?: Rect;
}

/** The smallest part of a saved window that must still be on a screen to reopen it there. */
const MIN_VISIBLE_PX = 64;

export function openShellPrefs(log: (message: string) => void = console.error): ShellPrefs {
  let store: Store<ShellPrefsData>;
  try {
    // A damaged file throws instead of being wiped; the shell then remembers nothing this run
    // and leaves the file for the user to inspect.
    store = new Store<ShellPrefsData>({ name: 'shell', clearInvalidConfig: false });
  } catch (error) {
    log(`Window preferences unreadable, using defaults: ${String(error)}`);
    return inMemoryPrefs();
  }
  return {
    windowBounds: () => validRect(store.get('windowBounds')),
    saveWindowBounds(bounds) {
      try {
        store.set('windowBounds', bounds);
      } catch (error) {
        log(`Could not save the window position: ${String(error)}`);
      }
    },
  };
}

function inMemoryPrefs(): ShellPrefs {
  let bounds: Rect | undefined;
  return {
    windowBounds: () => bounds,
    saveWindowBounds(next) {
      bounds = next;
    },
  };
}

function validRect(value: unknown): Rect | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { x, y, width, height } = value as Record<string, unknown>;
  const numbers = [x, y, width, height];
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
  const rect = { x, y, width, height } as Rect;
  return rect.width > 0 && rect.height > 0 ? rect : undefined;
}

/**
 * The saved window, if enough of it still lands on one of today's screens (a monitor may have
 * been unplugged since); otherwise undefined, and the caller centres a fresh window.
 */
export function reopenBounds(
  saved: Rect | undefined,
  workAreas: readonly Rect[],
): Rect | undefined {
  if (saved === undefined) return undefined;
  const visible = workAreas.some((area) => {
    const width = Math.min(saved.x + saved.width, area.x + area.width) - Math.max(saved.x, area.x);
    const height =
      Math.min(saved.y + saved.height, area.y + area.height) - Math.max(saved.y, area.y);
    return width >= MIN_VISIBLE_PX && height >= MIN_VISIBLE_PX;
  });
  return visible ? saved : undefined;
}
