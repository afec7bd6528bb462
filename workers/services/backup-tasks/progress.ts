import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { coordinator } from './coordinator';
import { requireTask } from './tasks';

/** Runs of the task in progress as the API shows them (the coordinator keeps epoch ms). */
export async function taskProgress(actor: Principal, deps: Deps, env: Env, taskId: string) {
  await requireTask(deps.db, actor.accountId, taskId);
  const runs = await coordinator(env, actor.accountId).progress(actor.accountId, taskId);
  return runs.map((r) => ({ ...r, startedAt: new Date(r.startedAt).toISOString() }));
}
