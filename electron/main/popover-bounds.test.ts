/** Popover placement for the tray positions users actually have. */
import { describe, expect, it } from 'vitest';
import { popoverBounds, trayEdge, type Rect } from './popover-bounds.js';

const size = { width: 380, height: 600 };

describe('popoverBounds', () => {
  it('hangs below a macOS menu bar icon, centred on it', () => {
    const tray: Rect = { x: 1200, y: 0, width: 22, height: 24 };
    const workArea: Rect = { x: 0, y: 25, width: 1440, height: 875 };
    expect(trayEdge(tray, workArea)).toBe('top');
    expect(popoverBounds(tray, workArea, size)).toEqual({
      x: 1021,
      y: 25,
      width: 380,
      height: 600,
    });
  });

  it('sits above a bottom-right Windows taskbar icon, clamped to the right edge', () => {
    const tray: Rect = { x: 1800, y: 1040, width: 24, height: 40 };
    const workArea: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
    expect(trayEdge(tray, workArea)).toBe('bottom');
    expect(popoverBounds(tray, workArea, size)).toEqual({
      x: 1920 - 380,
      y: 1040 - 600,
      width: 380,
      height: 600,
    });
  });

  it('opens to the right of a taskbar docked on the left', () => {
    const tray: Rect = { x: 8, y: 900, width: 32, height: 32 };
    const workArea: Rect = { x: 48, y: 0, width: 1872, height: 1080 };
    expect(trayEdge(tray, workArea)).toBe('left');
    expect(popoverBounds(tray, workArea, size)).toEqual({ x: 48, y: 480, width: 380, height: 600 });
  });

  it('opens to the left of a taskbar docked on the right', () => {
    const tray: Rect = { x: 1880, y: 300, width: 32, height: 32 };
    const workArea: Rect = { x: 0, y: 0, width: 1872, height: 1080 };
    expect(trayEdge(tray, workArea)).toBe('right');
    expect(popoverBounds(tray, workArea, size)).toEqual({
      x: 1872 - 380,
      y: 16,
      width: 380,
      height: 600,
    });
  });

  it('clamps a top-left icon so the popover does not leave the screen', () => {
    const tray: Rect = { x: 4, y: 0, width: 22, height: 24 };
    const workArea: Rect = { x: 0, y: 25, width: 1440, height: 875 };
    expect(popoverBounds(tray, workArea, size)).toEqual({ x: 0, y: 25, width: 380, height: 600 });
  });

  it('clamps on a secondary display with negative coordinates', () => {
    const tray: Rect = { x: -100, y: -1080, width: 22, height: 24 };
    const workArea: Rect = { x: -1920, y: -1055, width: 1920, height: 1055 };
    expect(popoverBounds(tray, workArea, size)).toEqual({
      x: -1920 + 1920 - 380,
      y: -1055,
      width: 380,
      height: 600,
    });
  });

  it('shrinks to a work area smaller than the popover', () => {
    const tray: Rect = { x: 700, y: 560, width: 24, height: 40 };
    const workArea: Rect = { x: 0, y: 0, width: 800, height: 560 };
    expect(popoverBounds(tray, workArea, size)).toEqual({ x: 420, y: 0, width: 380, height: 560 });
  });

  it('opens away from an icon the work area overlaps (autohidden taskbar)', () => {
    const workArea: Rect = { x: 0, y: 0, width: 1920, height: 1080 };
    const bottom: Rect = { x: 1000, y: 1050, width: 24, height: 30 };
    const top: Rect = { x: 1000, y: 0, width: 24, height: 30 };
    expect(trayEdge(bottom, workArea)).toBe('inside');
    expect(popoverBounds(bottom, workArea, size).y).toBe(1050 - 600);
    expect(popoverBounds(top, workArea, size).y).toBe(30);
  });

  it('returns whole pixels', () => {
    const tray: Rect = { x: 1201, y: 0, width: 23, height: 24 };
    const workArea: Rect = { x: 0, y: 25, width: 1440, height: 875 };
    const { x, y } = popoverBounds(tray, workArea, { width: 381, height: 600 });
    expect(Number.isInteger(x) && Number.isInteger(y)).toBe(true);
  });
});
