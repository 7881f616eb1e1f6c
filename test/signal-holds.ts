import { getEventListeners } from 'node:events';

/**
 * What a long-lived AbortSignal holds for the signals that follow it: its abort listeners, and
 * the entries of the sets Node keeps under its own symbols (on Node 20, `AbortSignal.any` adds
 * one per signal ever combined with it and never removes it).
 */
export function heldBy(signal: AbortSignal): { listeners: number; set_entries: number } {
  const set_entries = Object.getOwnPropertySymbols(signal)
    .map((symbol) => (signal as unknown as Record<symbol, unknown>)[symbol])
    .filter((value) => typeof value === 'object' && value !== null && 'size' in value)
    .reduce((sum, set) => sum + (set as { size: number }).size, 0);

  return { listeners: getEventListeners(signal, 'abort').length, set_entries };
}
