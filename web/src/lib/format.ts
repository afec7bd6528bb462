// Small formatting helpers shared by screens.

/** "45 seconds", "1 minute", "15 minutes", "2 hours". */
export function waitText(seconds: number): string {
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), 'second');
  if (seconds < 3600) return plural(Math.ceil(seconds / 60), 'minute');
  return plural(Math.ceil(seconds / 3600), 'hour');
}

export function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** Milliseconds from now until an ISO time (negative when past); NaN for bad input. */
export function msUntil(iso: string | null | undefined): number {
  return iso ? Date.parse(iso) - Date.now() : Number.NaN;
}
