import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { backupTasks } from '../../db/backup-schema';
import { randomSecret, sha256Hex } from '../../domain/secrets';
import { AppError } from '../../errors';
import { checkTenantAccess, tenantGraphSettings } from '../../graph/tenant-client';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { recordSystemActivity } from '../system-activity';
import { replanTask } from './coordinator';
import { runDiscovery } from './discovery';
import { requireTask } from './tasks';

/**
 * Microsoft 365 connection (B1): the admin-consent round trip and the Connected /
 * Disconnected state. The OAuth `state` is the only link between the browser coming back
 * from Microsoft (cross-site, so no SameSite-strict cookie) and the task: it is random,
 * stored hashed, single-use and expires within the hour.
 */

const CONSENT_TTL_MS = 60 * 60 * 1000;
export const CALLBACK_PATH = '/api/v1/connect/callback';
const MAX_REASON = 500;

export async function startConsent(
  deps: Pick<Deps, 'db' | 'baseUrl'>,
  env: Env,
  accountId: string,
  taskId: string,
): Promise<string> {
  const state = randomSecret();
  await deps.db
    .update(backupTasks)
    .set({
      consentStateHash: await sha256Hex(state),
      consentStateExpiresAt: new Date(Date.now() + CONSENT_TTL_MS),
    })
    .where(and(eq(backupTasks.id, taskId), eq(backupTasks.accountId, accountId)));
  const graph = tenantGraphSettings(env);
  const url = new URL(`${graph.loginBaseUrl}/organizations/v2.0/adminconsent`);
  url.searchParams.set('client_id', graph.clientId);
  url.searchParams.set('scope', `${graph.graphBaseUrl}/.default`);
  url.searchParams.set('redirect_uri', `${deps.baseUrl}${CALLBACK_PATH}`);
  url.searchParams.set('state', state);
  return url.toString();
}

export async function reconnectTask(
  actor: Principal,
  deps: Deps,
  env: Env,
  taskId: string,
): Promise<string> {
  await requireTask(deps.db, actor.accountId, taskId);
  return startConsent(deps, env, actor.accountId, taskId);
}

async function setConnection(
  db: Db,
  accountId: string,
  taskId: string,
  connected: boolean,
  reason: string | null,
): Promise<void> {
  const now = new Date();
  await db
    .update(backupTasks)
    .set({
      connection: connected ? 'connected' : 'disconnected',
      connectionError: reason ? reason.slice(0, MAX_REASON) : null,
      ...(connected ? { connectedAt: now } : {}),
      updatedAt: now,
    })
    .where(and(eq(backupTasks.id, taskId), eq(backupTasks.accountId, accountId)));
}

/** A token could be had for the task's tenant (the engine calls it after recovering). */
export async function markConnected(db: Db, accountId: string, taskId: string): Promise<void> {
  await setConnection(db, accountId, taskId, true, null);
}

/** No token can be had (consent revoked, secret wrong): the task shows Disconnected. */
export async function markDisconnected(
  db: Db,
  accountId: string,
  taskId: string,
  reason: string,
): Promise<void> {
  await setConnection(db, accountId, taskId, false, reason);
}

export interface ConsentCallback {
  state?: string;
  tenant?: string;
  admin_consent?: string;
  error?: string;
  error_description?: string;
}

function portalPath(taskId: string | null, outcome: { error?: string }): string {
  const base = taskId ? `/tasks/${encodeURIComponent(taskId)}` : '/';
  return outcome.error
    ? `${base}?connectError=${encodeURIComponent(outcome.error.slice(0, MAX_REASON))}`
    : `${base}?connected=1`;
}

/**
 * Completes the round trip; answers the portal path to redirect the browser to.
 *
 * The browser must also carry a portal session of the task's account (the session cookie is
 * SameSite=Lax, so it comes along on Microsoft's top-level redirect). Without that check, a
 * consent URL someone else started could be sent to another tenant's administrator, and
 * their consent would connect *that* tenant to the sender's task.
 */
export async function completeConsent(
  deps: Deps,
  env: Env,
  principal: Principal | undefined,
  query: ConsentCallback,
): Promise<string> {
  if (!query.state) return portalPath(null, { error: 'The consent response has no state.' });
  const task = await deps.db
    .select()
    .from(backupTasks)
    .where(
      and(
        eq(backupTasks.consentStateHash, await sha256Hex(query.state)),
        gt(backupTasks.consentStateExpiresAt, new Date()),
      ),
    )
    .get();
  if (!task) {
    return portalPath(null, {
      error: 'This consent link has expired or was already used. Authenticate again.',
    });
  }
  // Single use: a replayed callback URL finds nothing.
  await deps.db
    .update(backupTasks)
    .set({ consentStateHash: null, consentStateExpiresAt: null })
    .where(eq(backupTasks.id, task.id));

  if (
    principal?.kind !== 'session' ||
    principal.accountId !== task.accountId ||
    !principal.permissions.includes('backups.exchange.activate')
  ) {
    return portalPath(null, {
      error:
        'Sign in to Bulwark in this browser as a user who may connect tasks, then authenticate again.',
    });
  }
  const reason = await consentOutcome(env, task.tenantId, query);
  const activity = {
    accountId: task.accountId,
    taskId: task.id,
    taskName: task.name,
    activity: 'connect',
    service: task.service,
  };
  if (reason) {
    await markDisconnected(deps.db, task.accountId, task.id, reason);
    await recordSystemActivity(deps.db, { ...activity, status: 'failed', description: reason });
    return portalPath(task.id, { error: reason });
  }
  await deps.db
    .update(backupTasks)
    .set({ tenantId: query.tenant ?? null })
    .where(eq(backupTasks.id, task.id));
  await markConnected(deps.db, task.accountId, task.id);
  await recordSystemActivity(deps.db, {
    ...activity,
    status: 'succeeded',
    description: `Connected to Microsoft 365 tenant ${query.tenant ?? ''}`.trim(),
  });
  try {
    await runDiscovery(env, task.accountId, task.id);
  } catch {
    // runDiscovery records its failure as system activity; the connection itself stands.
  }
  await replanTask(env, task.accountId, task.id);
  return portalPath(task.id, {});
}

/** Null when consent was granted and a token can be had, else the reason why not. */
async function consentOutcome(
  env: Env,
  knownTenant: string | null,
  query: ConsentCallback,
): Promise<string | null> {
  if (query.error) {
    const detail = query.error_description?.trim();
    return query.error === 'access_denied'
      ? `Admin consent was declined${detail ? `: ${detail}` : '.'}`
      : `Admin consent failed (${query.error})${detail ? `: ${detail}` : ''}`;
  }
  if (query.admin_consent?.toLowerCase() !== 'true' || !query.tenant) {
    return 'Microsoft did not confirm admin consent.';
  }
  if (knownTenant && knownTenant !== query.tenant) {
    return `Consent was granted for another tenant (${query.tenant}); this task backs up ${knownTenant}.`;
  }
  const access = await checkTenantAccess(env, query.tenant);
  return access.ok ? null : access.reason;
}

/** For the engine: checks token access now and records the outcome on the task. */
export async function refreshConnection(
  env: Env,
  db: Db,
  accountId: string,
  taskId: string,
): Promise<boolean> {
  const task = await requireTask(db, accountId, taskId);
  if (!task.tenantId) throw new AppError('task_not_connected');
  const access = await checkTenantAccess(env, task.tenantId);
  if (access.ok) await markConnected(db, accountId, taskId);
  else if (access.permanent) await markDisconnected(db, accountId, taskId, access.reason);
  return access.ok;
}
