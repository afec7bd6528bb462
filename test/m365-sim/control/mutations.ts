/** Applies one mutation to the tenant, as a change made outside Graph would (one mutator per domain in mutators/). */
import type { Sim } from '../sim.ts';
import { isoAt } from '../tenant.ts';
import type { Mutation } from './mutation-schema.ts';
import { applyContentMutation } from './mutators/channels-and-lists.ts';
import { applyDirectoryMutation } from './mutators/directory.ts';
import { applyFileMutation } from './mutators/files.ts';
import { applyMailMutation } from './mutators/mail.ts';
import { isMutationOf } from './mutators/mutation-kinds.ts';

export function applyMutation(sim: Sim, m: Mutation): Record<string, unknown> {
  const now = isoAt(Date.now());
  if (isMutationOf(m, 'mail', 'folder')) return applyMailMutation(sim, m, now);
  if (isMutationOf(m, 'file')) return applyFileMutation(sim, m, now);
  if (isMutationOf(m, 'channel', 'listItem')) return applyContentMutation(sim, m, now);
  return applyDirectoryMutation(sim, m, now);
}
