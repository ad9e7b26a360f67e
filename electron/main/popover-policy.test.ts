/** The popover's blur and tray-click rules. */
import { describe, expect, it } from 'vitest';
import { hidesOnBlur, REOPEN_GUARD_MS, trayClickAction } from './popover-policy.js';

describe('hidesOnBlur', () => {
  it('hides the popover, but never a pinned window or one being inspected', () => {
    expect(hidesOnBlur({ pinned: false, devToolsOpened: false })).toBe(true);
    expect(hidesOnBlur({ pinned: true, devToolsOpened: false })).toBe(false);
    expect(hidesOnBlur({ pinned: false, devToolsOpened: true })).toBe(false);
  });
});

describe('trayClickAction', () => {
  const base = { visible: false, focused: false, hiddenByBlurAt: undefined, now: 10_000 };

  it('hides a focused popover and shows a hidden one', () => {
    expect(trayClickAction({ ...base, visible: true, focused: true })).toBe('hide');
    expect(trayClickAction(base)).toBe('show');
    // Visible behind another window: bring it to the front.
    expect(trayClickAction({ ...base, visible: true })).toBe('show');
  });

  it('treats a click right after a blur-hide as the click that closed it', () => {
    expect(trayClickAction({ ...base, hiddenByBlurAt: 10_000 - 50 })).toBe('nothing');
    expect(trayClickAction({ ...base, hiddenByBlurAt: 10_000 - REOPEN_GUARD_MS })).toBe('show');
    // A clock that went backwards is no reason to ignore the click.
    expect(trayClickAction({ ...base, hiddenByBlurAt: 10_000 + 50 })).toBe('show');
  });
});
