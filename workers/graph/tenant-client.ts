/**
 * The Graph client for one customer tenant, configured from the Worker's settings: the same
 * code reaches Microsoft in production and the simulated tenant in development and tests.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { createGraphClient, type GraphClientOptions } from './client';
import { createTokenProvider, GraphAuthError, type TokenProvider } from './token-provider';

export interface TenantGraphSettings {
  graphBaseUrl: string;
  loginBaseUrl: string;
  clientId: string;
  clientSecret: string;
}

export function tenantGraphSettings(env: Env): TenantGraphSettings {
  return {
    graphBaseUrl: env.GRAPH_BASE_URL.replace(/\/+$/, ''),
    loginBaseUrl: env.LOGIN_BASE_URL.replace(/\/+$/, ''),
    clientId: env.GRAPH_CLIENT_ID,
    clientSecret: env.GRAPH_CLIENT_SECRET,
  };
}

/** A token provider of its own (no cache shared with other requests). */
export function tenantTokenProvider(env: Env, tenantId: string): TokenProvider {
  return createTokenProvider({ ...tenantGraphSettings(env), tenantId });
}

export function tenantGraphClient(
  env: Env,
  tenantId: string,
  options: Pick<GraphClientOptions, 'retry' | 'onRequest' | 'tokenProvider' | 'fetch'> = {},
): Client {
  return createGraphClient({ ...tenantGraphSettings(env), tenantId, ...options });
}

export type TenantAccess = { ok: true } | { ok: false; reason: string; permanent: boolean };

/**
 * Whether an app-only token can be had for the tenant right now ("Connected"). Always asks
 * Entra ID: a cached token would hide a consent revoked since it was issued.
 */
export async function checkTenantAccess(env: Env, tenantId: string): Promise<TenantAccess> {
  try {
    await tenantTokenProvider(env, tenantId).getToken();
    return { ok: true };
  } catch (error) {
    if (error instanceof GraphAuthError) {
      const prefix =
        error.aadsts && !error.description.startsWith('AADSTS') ? `AADSTS${error.aadsts}: ` : '';
      return { ok: false, reason: `${prefix}${error.description}`, permanent: error.permanent };
    }
    throw error;
  }
}
