/**
 * Config diffs as people see them (a terminal, the dashboard): every router
 * key masked, since what a terminal prints or an API answers is kept in logs.
 */
import { unifiedDiff } from './diff.js';
import type { FilePlan } from './safe-edit.js';

/** Stands in for a key that is issued only once the change is applied. */
export const NEW_KEY_PLACEHOLDER = 'sy-NEW-ROUTER-KEY';
export const NEW_KEY_SHOWN = '<new router key>';

export interface ShownChange {
  path: string;
  diff: string;
}

/** A router key as it may be shown: its last four characters. */
export function keyHint(key: string): string {
  return `sy-…${key.slice(-4)}`;
}

/** Every router-key-shaped string in the text, masked to its hint. */
export function maskRouterKeys(text: string): string {
  return text.replace(/sy-[A-Za-z0-9_-]{8,}/g, keyHint);
}

/**
 * Masks the key being written as `shownAs`, then any other router key the
 * text holds (a file being reconnected still carries its old one). The named
 * key goes first: the placeholder itself looks like a key.
 */
export function keyMask(key: string, shownAs: string): (text: string) => string {
  return (text) => maskRouterKeys(key === '' ? text : text.split(key).join(shownAs));
}

export function diffsOf(plans: readonly FilePlan[], mask: (text: string) => string): ShownChange[] {
  return plans.map((plan) => ({
    path: plan.file.path,
    diff: mask(unifiedDiff(plan.before, plan.after, plan.file.path)),
  }));
}
