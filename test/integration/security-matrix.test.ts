import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, tags } from '../../workers/db/schema';
import { ALL_PERMISSIONS } from '../../workers/domain/permissions';
import { SESSION_IDLE_MS } from '../../workers/services/auth/sessions';
import { call, callAndSettle, expectError, type CallOptions } from './support/api';
import { insertEntity, insertTask } from './support/backup';
import {
  createToken,
  db,
  insertSession,
  insertUser,
  signIn,
  type TestUser,
} from './support/fixtures';

/**
 * The authorization matrix, driven by the published OpenAPI document rather than a list
 * kept by hand: every operation the API declares — including ones added later — is
 * checked against what its declaration (`security`, `x-bulwark-permissions`,
 * `x-bulwark-session-only`) promises.
 */

interface Operation {
  security?: Record<string, string[]>[];
  'x-bulwark-permissions'?: string[];
  'x-bulwark-session-only'?: boolean;
  requestBody?: unknown;
  parameters?: { name: string; in: string }[];
  responses: Record<string, unknown>;
}

interface Op {
  name: string;
  method: string;
  path: string;
  operation: Operation;
}

const docResponse = await callAndSettle('/api/v1/openapi.json');
const doc = (await docResponse.json()) as { paths: Record<string, Record<string, Operation>> };

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
const operations: Op[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => HTTP_METHODS.has(method))
    .map(([method, operation]) => ({
      name: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      operation,
    })),
);
const protectedOps = operations.filter((op) => (op.operation.security ?? []).length > 0);
const unsafeOps = operations.filter((op) => op.method !== 'GET' && op.method !== 'HEAD');
const withPermissions = protectedOps.filter(
  (op) => (op.operation['x-bulwark-permissions'] ?? []).length > 0,
);
const sessionOnly = protectedOps.filter((op) => op.operation['x-bulwark-session-only'] === true);
const withParams = protectedOps.filter((op) => op.path.includes('{'));

/**
 * Bodies that would succeed if the request got through, so a refusal is shown to prevent a
 * real change. Operations added later without an entry here are still checked, with `{}`.
 */
const VALID_BODIES: Record<string, unknown> = {
  'POST /api/v1/auth/signup': {
    firstName: 'Eve',
    lastName: 'Mallory',
    email: 'eve.mallory@example.com',
    password: 'Lantern-orchard-pebble-58',
    confirmPassword: 'Lantern-orchard-pebble-58',
    region: 'uk',
  },
  'POST /api/v1/auth/signin': { email: 'nobody@example.com', password: 'Whatever-it-is-1' },
  'POST /api/v1/auth/activate': { token: 'x'.repeat(43) },
  'POST /api/v1/auth/password-reset': { email: 'nobody@example.com' },
  'POST /api/v1/auth/password-reset/confirm': {
    token: 'x'.repeat(43),
    password: 'Quiet-harbour-window-93',
    confirmPassword: 'Quiet-harbour-window-93',
  },
  'POST /api/v1/me/password': {
    currentPassword: 'Lantern-orchard-pebble-58',
    newPassword: 'Quiet-harbour-window-93',
    confirmPassword: 'Quiet-harbour-window-93',
  },
  'PATCH /api/v1/account': { name: 'Hijacked' },
  'POST /api/v1/tokens': { name: 'stolen', scopes: [], expiresInDays: 365 },
  'POST /api/v1/tasks': { service: 'exchange', name: 'Hijacked' },
  'PATCH /api/v1/tasks/{taskId}': { name: 'Hijacked' },
  'POST /api/v1/tasks/{taskId}/entities/actions': { action: 'delete', entityIds: ['x'] },
  'POST /api/v1/tasks/{taskId}/entities/tags': { entityIds: ['x'], add: [], remove: [] },
  'POST /api/v1/tags': { name: 'Hijacked', limitedAccess: true },
};

/**
 * For every path parameter: how to make a resource of that kind for a given user. A route
 * with a parameter missing here fails the matrix until it is added — that is the point.
 */
type ResourceFactory = (owner: { user: TestUser; session: string }) => Promise<string>;
const taskOf: ResourceFactory = async ({ user }) => insertTask(user.accountId);
const entityOf: ResourceFactory = async ({ user }) =>
  insertEntity(user.accountId, await insertTask(user.accountId), 'Mailbox');
const RESOURCES: Record<string, ResourceFactory> = {
  '/api/v1/tokens/{id}': async ({ session }) => (await createToken(session, [])).id,
  '/api/v1/tasks/{taskId}': taskOf,
  '/api/v1/tasks/{taskId}/reconnect': taskOf,
  '/api/v1/tasks/{taskId}/discover': taskOf,
  '/api/v1/tasks/{taskId}/progress': taskOf,
  '/api/v1/tasks/{taskId}/entities': taskOf,
  '/api/v1/tasks/{taskId}/entities/actions': taskOf,
  '/api/v1/tasks/{taskId}/entities/tags': taskOf,
  '/api/v1/entities/{entityId}': entityOf,
  '/api/v1/entities/{entityId}/daily': entityOf,
  '/api/v1/tags/{tagId}': async ({ user }) => {
    const id = crypto.randomUUID();
    await db.insert(tags).values({ id, accountId: user.accountId, name: `tag-${id}` });
    return id;
  },
};

interface Principal {
  user: TestUser;
  session: string;
}

let owner: Principal;
let stranger: Principal;
let unprivileged: Principal;
const tokens: Record<'scopeless' | 'full' | 'revoked' | 'expired', string> = {
  scopeless: '',
  full: '',
  revoked: '',
  expired: '',
};

async function principal(options: Parameters<typeof insertUser>[0] = {}): Promise<Principal> {
  const user = await insertUser(options);
  return { user, session: await signIn(user) };
}

beforeAll(async () => {
  owner = await principal();
  stranger = await principal();
  // A custom-role user of the same account holding no permission at all.
  unprivileged = await principal({
    accountId: owner.user.accountId,
    role: 'custom',
    permissions: [],
  });
  tokens.scopeless = (await createToken(owner.session, [])).secret;
  tokens.full = (await createToken(owner.session, [...ALL_PERMISSIONS])).secret;
  const revoked = await createToken(owner.session, [...ALL_PERMISSIONS]);
  const res = await call(`/api/v1/tokens/${revoked.id}`, {
    method: 'DELETE',
    session: owner.session,
  });
  expect(res.status).toBe(204);
  tokens.revoked = revoked.secret;
  const expired = await createToken(owner.session, [...ALL_PERMISSIONS]);
  await db
    .update(apiTokens)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(apiTokens.id, expired.id));
  tokens.expired = expired.secret;
});

/** The concrete path of `op`, its parameters filled with resources of `of`. */
async function pathFor(op: Op, of: Principal = owner): Promise<string> {
  if (!op.path.includes('{')) return op.path;
  const factory = RESOURCES[op.path];
  if (!factory) throw new Error(`add a resource factory for ${op.path} to RESOURCES`);
  const id = await factory(of);
  return op.path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
}

async function send(op: Op, options: CallOptions, path?: string): Promise<Response> {
  const body = op.operation.requestBody ? (VALID_BODIES[op.name] ?? {}) : undefined;
  return call(path ?? (await pathFor(op)), { method: op.method, body, ...options });
}

/** Every row of every application table, to prove a refused request changed nothing. */
async function snapshot(): Promise<string> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
  ).all<{ name: string }>();
  const contents: Record<string, unknown[]> = {};
  for (const { name } of tables.results) {
    contents[name] = (await env.DB.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()).results;
  }
  return JSON.stringify(contents);
}

describe('every operation', () => {
  it('the document lists operations, protected ones among them', () => {
    expect(operations.length).toBeGreaterThan(10);
    expect(protectedOps.length).toBeGreaterThan(5);
    expect(withParams.length).toBeGreaterThan(0);
  });

  it.each(operations.map((op) => [op.name, op] as const))(
    '%s declares its security and the errors the middleware can produce',
    (_name, op) => {
      const { operation } = op;
      expect(Array.isArray(operation.security), 'security must be declared').toBe(true);
      const statuses = Object.keys(operation.responses);
      expect(statuses).toEqual(expect.arrayContaining(['401', '500']));
      if (operation.requestBody)
        expect(statuses).toEqual(expect.arrayContaining(['400', '413', '415']));
      if (op.method !== 'GET') expect(statuses).toContain('403');
      if ((operation.security ?? []).length === 0) return;

      expect(statuses).toContain('403');
      expect(Array.isArray(operation['x-bulwark-permissions'])).toBe(true);
      expect(typeof operation['x-bulwark-session-only']).toBe('boolean');
      const schemes = (operation.security ?? []).flatMap((s) => Object.keys(s)).sort();
      expect(schemes).toEqual(
        operation['x-bulwark-session-only'] ? ['sessionCookie'] : ['bearerToken', 'sessionCookie'],
      );
    },
  );
});

describe.each(protectedOps.map((op) => [op.name, op] as const))('%s', (_name, op) => {
  it('lets a principal with the declared access past the gate (control)', async () => {
    // A fresh session: the request may really run (sign-out ends its session).
    const session = await insertSession(owner.user);
    const path = await pathFor(op);
    const body = op.operation.requestBody ? {} : undefined;
    const res = await call(path, { method: op.method, session, body });
    expect([401, 403], `${res.status} ${await res.clone().text()}`).not.toContain(res.status);
  });

  it('no credentials → 401', async () => {
    await expectError(await send(op, {}), 401, 'unauthenticated');
  });

  it('absolute-expired and idle-expired sessions → 401', async () => {
    const expired = await insertSession(owner.user, { expiresAt: new Date(Date.now() - 1000) });
    await expectError(await send(op, { session: expired }), 401, 'unauthenticated');
    const idle = await insertSession(owner.user, {
      lastSeenAt: new Date(Date.now() - SESSION_IDLE_MS - 1000),
    });
    await expectError(await send(op, { session: idle }), 401, 'unauthenticated');
  });

  it('revoked and expired tokens → 401', async () => {
    for (const token of [tokens.revoked, tokens.expired]) {
      const res = await send(op, { token });
      await expectError(res, 401, 'unauthenticated');
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
  });
});

describe.each(withPermissions.map((op) => [op.name, op] as const))('%s', (_name, op) => {
  it(`missing ${op.operation['x-bulwark-permissions']?.join(', ')} → 403 (token without the scope, user without the permission)`, async () => {
    await expectError(await send(op, { token: tokens.scopeless }), 403, 'forbidden');
    await expectError(await send(op, { session: unprivileged.session }), 403, 'forbidden');
  });
});

describe.each(sessionOnly.map((op) => [op.name, op] as const))('%s (session only)', (_name, op) => {
  it('any API token → 403, even one with every scope', async () => {
    for (const token of [tokens.full, tokens.scopeless]) {
      const body = await expectError(await send(op, { token }), 403, 'forbidden');
      expect(body.error.message).toMatch(/session/i);
    }
  });
});

describe.each(unsafeOps.map((op) => [op.name, op] as const))('%s (cross-site)', (_name, op) => {
  it('a foreign Origin → 403 cross_site_request, with or without the cookie; nothing changes', async () => {
    const path = await pathFor(op);
    const before = await snapshot();
    const withCookie = await send(
      op,
      { session: owner.session, origin: 'https://evil.example' },
      path,
    );
    await expectError(withCookie, 403, 'cross_site_request');
    const withoutCookie = await send(op, { origin: 'https://evil.example' }, path);
    await expectError(withoutCookie, 403, 'cross_site_request');
    expect(await snapshot()).toBe(before);
  });

  it('the cookie without any Origin → 403 cross_site_request; nothing changes', async () => {
    const path = await pathFor(op);
    const before = await snapshot();
    const res = await send(op, { session: owner.session, origin: null }, path);
    await expectError(res, 403, 'cross_site_request');
    expect(await snapshot()).toBe(before);
  });
});

describe.each(withParams.map((op) => [op.name, op] as const))('%s (tenancy)', (_name, op) => {
  it('another account’s resource → 404, untouched', async () => {
    const foreignPath = await pathFor(op, stranger);
    const session = await insertSession(owner.user);
    const before = await snapshot();
    const res = await send(op, { session }, foreignPath);
    await expectError(res, 404, 'not_found');
    expect(await snapshot()).toBe(before);
  });
});
