import { getMeta, setMeta } from './meta';

/**
 * The EntityCatalog's SQLite schema. Item and folder versions are valid for runs
 * `from_seq ≤ n < to_seq` (to_seq NULL = still current), so snapshot n is one range query
 * and history is never rewritten. Created in the DO constructor; meta.schema_version
 * records the version so later releases can migrate in place.
 */
export const SCHEMA_VERSION = 1;

const V1 = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS folders (
     id INTEGER PRIMARY KEY,
     sub_service TEXT NOT NULL,
     graph_id TEXT NOT NULL,
     parent_graph_id TEXT,
     name TEXT NOT NULL,
     well_known TEXT,
     hidden INTEGER NOT NULL DEFAULT 0,
     from_seq INTEGER NOT NULL,
     to_seq INTEGER)`,
  `CREATE UNIQUE INDEX IF NOT EXISTS folders_open ON folders (sub_service, graph_id) WHERE to_seq IS NULL`,
  `CREATE INDEX IF NOT EXISTS folders_range ON folders (sub_service, from_seq, to_seq)`,
  `CREATE TABLE IF NOT EXISTS scopes (
     scope TEXT PRIMARY KEY,
     sub_service TEXT NOT NULL,
     folder_graph_id TEXT NOT NULL,
     cursor TEXT,
     full_sweep INTEGER NOT NULL DEFAULT 1,
     pending_seq INTEGER,
     done_seq INTEGER) WITHOUT ROWID`,
  // Graph ids seen by the current full sweep of a scope; cleared when the sweep completes.
  `CREATE TABLE IF NOT EXISTS sweep_seen (
     scope TEXT NOT NULL, graph_id TEXT NOT NULL, PRIMARY KEY (scope, graph_id)) WITHOUT ROWID`,
  // op: how the version began ('add' | 'change'); end_reason: how it ended
  // ('replaced' | 'removed'), so run counts need no neighbour lookups.
  `CREATE TABLE IF NOT EXISTS items (
     id INTEGER PRIMARY KEY,
     kind TEXT NOT NULL,
     graph_id TEXT NOT NULL,
     folder_graph_id TEXT NOT NULL,
     change_key TEXT,
     sha256 TEXT NOT NULL,
     size INTEGER NOT NULL,
     stored_size INTEGER NOT NULL,
     chunks TEXT NOT NULL,
     meta TEXT NOT NULL,
     op TEXT NOT NULL,
     end_reason TEXT,
     from_seq INTEGER NOT NULL,
     to_seq INTEGER,
     created_at INTEGER NOT NULL,
     created_day TEXT NOT NULL)`,
  `CREATE UNIQUE INDEX IF NOT EXISTS items_open ON items (kind, graph_id) WHERE to_seq IS NULL`,
  `CREATE INDEX IF NOT EXISTS items_open_folder ON items (folder_graph_id, kind) WHERE to_seq IS NULL`,
  `CREATE INDEX IF NOT EXISTS items_kind_graph ON items (kind, graph_id, from_seq)`,
  `CREATE INDEX IF NOT EXISTS items_folder_graph ON items (folder_graph_id, graph_id, from_seq)`,
  `CREATE INDEX IF NOT EXISTS items_graph ON items (graph_id, from_seq)`,
  `CREATE INDEX IF NOT EXISTS items_from ON items (from_seq, kind)`,
  `CREATE INDEX IF NOT EXISTS items_to ON items (to_seq, kind)`,
  `CREATE INDEX IF NOT EXISTS items_day ON items (created_day, kind)`,
  // Reference counts of chunk ids, so garbage collection can page distinct ids cheaply.
  `CREATE TABLE IF NOT EXISTS chunk_refs (
     chunk_id TEXT PRIMARY KEY, refs INTEGER NOT NULL) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS failures (
     seq INTEGER NOT NULL, sub_service TEXT NOT NULL, graph_id TEXT NOT NULL,
     reason TEXT NOT NULL, PRIMARY KEY (seq, sub_service, graph_id)) WITHOUT ROWID`,
  // rowid = items.id; external-content-free so each version's text is indexed once.
  `CREATE VIRTUAL TABLE IF NOT EXISTS item_fts USING fts5(
     subject, sender, recipients, body, attachments, tokenize = 'unicode61 remove_diacritics 2')`,
];

export function migrate(sql: SqlStorage): void {
  sql.exec(V1[0]!);
  const current = Number(getMeta(sql, 'schema_version') ?? 0);
  if (current >= SCHEMA_VERSION) return;
  for (const statement of V1) sql.exec(statement);
  setMeta(sql, 'schema_version', String(SCHEMA_VERSION));
}
