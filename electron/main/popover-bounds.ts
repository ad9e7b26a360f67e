/** Where the popover window goes, given where the OS drew the tray icon. Pure geometry. */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Which side of the work area the tray sits on; `inside` when the OS reports no clear edge. */
export type TrayEdge = 'top' | 'bottom' | 'left' | 'right' | 'inside';

/**
 * The tray lives in a bar the work area excludes (macOS menu bar, Windows taskbar, a docked
 * panel), so comparing the two rectangles says which edge the bar is on.
 */
export function trayEdge(tray: Rect, workArea: Rect): TrayEdge {
  if (tray.y + tray.height <= workArea.y) return 'top';
  if (tray.y >= workArea.y + workArea.height) return 'bottom';
  if (tray.x + tray.width <= workArea.x) return 'left';
  if (tray.x >= workArea.x + workArea.width) return 'right';
  return 'inside';
}

/**
 * Places a window of `size` next to the tray icon, centred on it along the bar and opening
 * away from the bar, then clamps the result into the work area so no part of the window
 * lands off screen or under the bar. A window larger than the work area is shrunk to fit.
 *
 * @example
 * // macOS menu bar icon at x=1200: the popover hangs below it.
 * popoverBounds({ x: 1200, y: 0, width: 22, height: 24 },
 *   { x: 0, y: 25, width: 1440, height: 875 }, { width: 380, height: 600 });
 */
export function popoverBounds(tray: Rect, workArea: Rect, size: Size): Rect {
  const width = Math.min(size.width, workArea.width);
  const height = Math.min(size.height, workArea.height);
  const trayCentreX = tray.x + tray.width / 2;
  const trayCentreY = tray.y + tray.height / 2;

  let x = trayCentreX - width / 2;
  let y: number;
  const edge = trayEdge(tray, workArea);
  switch (edge) {
    case 'top':
      y = tray.y + tray.height;
      break;
    case 'bottom':
      y = tray.y - height;
      break;
    case 'left':
      x = tray.x + tray.width;
      y = trayCentreY - height / 2;
      break;
    case 'right':
      x = tray.x - width;
      y = trayCentreY - height / 2;
      break;
    case 'inside':
      // Autohidden taskbars and some Linux panels overlap the work area; open toward the
      // larger half of the screen so the window does not cover the icon.
      y = trayCentreY < workArea.y + workArea.height / 2 ? tray.y + tray.height : tray.y - height;
      break;
  }

  return {
    x: Math.round(clamp(x, workArea.x, workArea.x + workArea.width - width)),
    y: Math.round(clamp(y, workArea.y, workArea.y + workArea.height - height)),
    width,
    height,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
