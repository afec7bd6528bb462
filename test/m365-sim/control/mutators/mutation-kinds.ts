/** The mutations of one domain (by op prefix) and the counter that makes each one distinct. */
import type { Mutation } from '../mutation-schema.ts';

/** The mutations whose op starts with one of the prefixes, e.g. MutationOf<'mail' | 'folder'>. */
export type MutationOf<P extends string> = Extract<Mutation, { op: `${P}.${string}` }>;

/** True when the mutation's op starts with one of the prefixes. */
export function isMutationOf<P extends string>(m: Mutation, ...prefixes: P[]): m is MutationOf<P> {
  return prefixes.some((p) => m.op.startsWith(`${p}.`));
}

let mutationCounter = 0;

/** A fresh number per mutation (subjects, ids, content seeds). */
export function nextMutationNumber(): number {
  return ++mutationCounter;
}
