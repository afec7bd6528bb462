/**
 * JSON with object keys sorted at every level, so equal data always gives equal text: the
 * catalog compares item metadata as text, and the Exchange readers hash item JSON to find
 * unchanged items and shared blobs. Sorting in the replacer runs after `toJSON`, so dates
 * and other serialisable objects come out as JSON.stringify would write them.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
