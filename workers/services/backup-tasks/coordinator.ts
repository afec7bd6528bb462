import type { CoordinatorApi } from '../../backup/coordinator-api';
import { coordinatorStub } from '../../backup/coordinator-stub';

/** The account's TenantCoordinator, held to the contract the API relies on. */
export function coordinator(env: Env, accountId: string): CoordinatorApi {
  return coordinatorStub(env, accountId);
}

/**
 * Re-plans a task's schedule. Settings are saved whatever happens here: the coordinator
 * re-plans every task on its own alarm, so a failed call delays the new schedule only.
 */
export async function replanTask(env: Env, accountId: string, taskId: string): Promise<void> {
  try {
    await coordinator(env, accountId).planTask(accountId, taskId);
  } catch (error) {
    console.error(
      JSON.stringify({
        event: 'plan_task_failed',
        taskId,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}
