import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The D1 control-plane catalog: what the portal lists and filters. Item-level backup data
 * never lives here (DESIGN §1). Times are epoch milliseconds (`timestamp_ms` → Date) so
 * expiry comparisons are plain integer comparisons in SQL. Every tenant-owned table
 * carries `account_id`, and every query from a principal filters on it.
 *
 * Migrations are generated from this file with `npx drizzle-kit generate` and never edited
 * once landed.
 */

// Set in code rather than by an SQL default so every row's clock is the Worker's clock.
const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date());

export const accounts = sqliteTable('accounts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  region: text('region').notNull(),
  status: text('status', { enum: ['trial', 'active', 'suspended', 'pending_deletion'] })
    .notNull()
    .default('trial'),
  trialEndsAt: integer('trial_ends_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
});

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** Lower-cased; unique across Bulwark because it is the sign-in name. */
    email: text('email').notNull().unique(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    role: text('role', { enum: ['administrator', 'custom'] }).notNull(),
    /** JSON array of permission ids; ignored for administrators (they hold everything). */
    permissions: text('permissions', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** The account's owner: cannot be removed or demoted (enforced by user management). */
    isPrimary: integer('is_primary', { mode: 'boolean' }).notNull().default(false),
    /** Null for users who only sign in with Microsoft (later issue). */
    passwordHash: text('password_hash'),
    passwordChangedAt: integer('password_changed_at', { mode: 'timestamp_ms' }),
    emailConfirmedAt: integer('email_confirmed_at', { mode: 'timestamp_ms' }),
    lastSignInAt: integer('last_sign_in_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('users_account_idx').on(t.accountId)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    /** SHA-256 of the cookie secret: a leaked table does not yield usable cookies. */
    tokenHash: text('token_hash').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
    /** Absolute end of life regardless of activity. */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** First characters of the secret, shown in lists so users can tell tokens apart. */
    prefix: text('prefix').notNull(),
    /** HMAC-SHA256(TOKEN_PEPPER, secret), hex. */
    tokenHash: text('token_hash').notNull().unique(),
    scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('api_tokens_account_user_idx').on(t.accountId, t.userId)],
);

export const emailTokens = sqliteTable(
  'email_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['activation', 'password_reset'] }).notNull(),
    /** SHA-256 of the emailed secret. */
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('email_tokens_user_idx').on(t.userId, t.purpose)],
);

/** What happened in an account (A9 "View account activity"): business events. */
export const activityLog = sqliteTable(
  'activity_log',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: text('user_id'),
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('activity_log_account_idx').on(t.accountId, t.createdAt)],
);

/**
 * Authentication and credential events ("View security audit"). `account_id` is null for
 * attempts against unknown emails: those are still recorded, for the operator.
 */
export const securityAuditLog = sqliteTable(
  'security_audit_log',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id'),
    userId: text('user_id'),
    email: text('email'),
    event: text('event').notNull(),
    outcome: text('outcome', { enum: ['success', 'failure', 'throttled'] }).notNull(),
    reason: text('reason'),
    ip: text('ip').notNull(),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('security_audit_account_idx').on(t.accountId, t.createdAt),
    index('security_audit_email_idx').on(t.email, t.createdAt),
  ],
);

/**
 * Fixed-window attempt counters (services/auth/throttle.ts), keyed `email:<address>` (per
 * account, also for unknown addresses so the answer does not reveal existence),
 * `ip:<address>`, `reset:<address>`, `signup:<address>` and `signup-ip:<address>`.
 * `failures` counts attempts as they start; successes are given back by the caller.
 */
export const loginThrottle = sqliteTable('login_throttle', {
  key: text('key').primaryKey(),
  windowStartedAt: integer('window_started_at', { mode: 'timestamp_ms' }).notNull(),
  failures: integer('failures').notNull(),
});

/** The development/test mail transport: messages kept here and shown at /dev/mail. */
export const outboxMessages = sqliteTable(
  'outbox_messages',
  {
    id: text('id').primaryKey(),
    from: text('from').notNull(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_created_idx').on(t.createdAt)],
);

// Backup configuration and outcomes live in their own file; re-exported so drizzle-kit and
// `createDb` see one schema.
export * from './backup-schema';
