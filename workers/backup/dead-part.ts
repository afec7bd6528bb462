/**
 * A `backup.part` that exhausted its retries (a poison message): the sub-service ends with
 * the error it kept failing on (which names the item when one item was the cause) and
 * whatever pages were committed before — partial when earlier data is there, else failed.
 */
import { coordinatorStub } from './coordinator-stub';
import { outcomeFromSummary } from './outcomes';
import type { BackupPartMessage } from './types';
import { catalogStub } from './catalog-stub';

export async function recordDeadPart(
  msg: BackupPartMessage,
  env: Env,
  attempts: number,
): Promise<void> {
  const key = { runId: msg.runId, entityId: msg.entityId, subService: msg.subService };
  const coordinator = coordinatorStub(env, msg.accountId);
  const status = await coordinator.partStatus(msg.accountId, key);
  if (!status.active) return;
  const lastError = await coordinator.partLastError(msg.accountId, key);
  const catalog = catalogStub(env, msg.accountId, msg.entityId);
  const summary = await catalog.runSummary(msg.seq, msg.subService);
  await coordinator.partFinished(msg.accountId, key, {
    ...outcomeFromSummary(summary, {
      outcome: summary.items > 0 ? 'partial' : 'failed',
      reason: `Stopped after ${attempts} failed attempts: ${lastError ?? 'unknown error'}`,
    }),
    executionMs: status.startedAt ? Date.now() - status.startedAt : 0,
  });
}
