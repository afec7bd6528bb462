/**
 * Small key/value settings of one catalog. The keys are listed so a misspelt one fails to
 * compile instead of reading as never set. `indexing` is '1' or '0'; `governor` is JSON.
 */
export type MetaKey = 'schema_version' | 'data_key' | 'indexing' | 'governor';

export function getMeta(sql: SqlStorage, key: MetaKey): string | null {
  const rows = sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray();
  return rows[0]?.value ?? null;
}

export function setMeta(sql: SqlStorage, key: MetaKey, value: string): void {
  sql.exec(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    key,
    value,
  );
}
