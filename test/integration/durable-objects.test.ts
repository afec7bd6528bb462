import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { EntityCatalog } from '../../workers/durable/entity-catalog';
import { TenantCoordinator } from '../../workers/durable/tenant-coordinator';

describe('Durable Object classes', () => {
  it('TenantCoordinator is bound, SQLite-backed and named per account', async () => {
    const stub = env.TENANT_COORDINATOR.getByName(crypto.randomUUID());
    await runInDurableObject(stub, (instance, state) => {
      expect(instance).toBeInstanceOf(TenantCoordinator);
      expect(state.storage.sql.exec<{ one: number }>('SELECT 1 AS one').one().one).toBe(1);
    });
  });

  it('EntityCatalog is bound and SQLite-backed', async () => {
    const stub = env.ENTITY_CATALOG.getByName(`${crypto.randomUUID()}:mailbox-1`);
    await runInDurableObject(stub, (instance, state) => {
      expect(instance).toBeInstanceOf(EntityCatalog);
      expect(state.storage.sql.exec<{ one: number }>('SELECT 1 AS one').one().one).toBe(1);
    });
  });
});
