import { entityCatalogName } from './types';

/** The EntityCatalog Durable Object of one protected entity (named `{accountId}:{entityId}`). */
export function catalogStub(env: Env, accountId: string, entityId: string) {
  return env.ENTITY_CATALOG.get(
    env.ENTITY_CATALOG.idFromName(entityCatalogName(accountId, entityId)),
  );
}
