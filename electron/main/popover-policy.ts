/**
 * When the popover hides and what a click on the tray icon does to it: pure decisions, so the
 * timing quirks (the click that steals focus also closes the popover) are tested without Electron.
 */

/** A blur this close before a tray click means that click took the focus: it closed the popover. */
export const REOPEN_GUARD_MS = 300;

export interface BlurState {
  /** Opened as a window (menu, second launch) rather than as the popover under the icon. */
  pinned: boolean;
  /** Dev tools take the focus while someone inspects the page; hiding then would be hostile. */
  devToolsOpened: boolean;
}

export function hidesOnBlur(state: BlurState): boolean {
  return !state.pinned && !state.devToolsOpened;
}

export interface TrayClickState {
  visible: boolean;
  focused: boolean;
  /** Epoch ms of the last hide caused by a blur, if any. */
  hiddenByBlurAt: number | undefined;
  now: number;
}

export type TrayClickAction = 'show' | 'hide' | 'nothing';

export function trayClickAction(state: TrayClickState): TrayClickAction {
  if (state.visible && state.focused) return 'hide';
  // On Windows the click blurs the popover first; without this guard it would reopen at once.
  if (
    !state.visible &&
    state.hiddenByBlurAt !== undefined &&
    state.now - state.hiddenByBlurAt >= 0 &&
    state.now - state.hiddenByBlurAt < REOPEN_GUARD_MS
  ) {
    return 'nothing';
  }
  return 'show';
}
