import { DurableObject } from 'cloudflare:workers';

/**
 * One per protected entity (mailbox, site, drive, team), named `{accountId}:{entityId}`:
 * item versions, folder tree, delta cursors and the search index live here, never in D1.
 * SQLite-backed (wrangler.toml `new_sqlite_classes`); later issues add its tables and
 * methods — the foundation only establishes the class and its storage.
 */
export class EntityCatalog extends DurableObject<Env> {}
