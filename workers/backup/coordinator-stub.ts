/**
 * The account's TenantCoordinator, named by account id (one per account). Kept apart from
 * coordinator-api.ts so that file stays free of bindings: the benchmark reads its types.
 */
export function coordinatorStub(env: Env, accountId: string) {
  return env.TENANT_COORDINATOR.get(env.TENANT_COORDINATOR.idFromName(accountId));
}
