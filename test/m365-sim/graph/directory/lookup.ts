/** Finding the user or group a request names; the $count precondition. */
import type { Sim } from '../../sim.ts';
import type { Group, User } from '../../tenant.ts';
import { GraphError, type Ctx } from '../http.ts';

/** The directory's 404 for a user or group id/UPN that names nothing. */
function resourceNotFound(ref: string | undefined): GraphError {
  return new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${ref ?? ''}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function userOr404(sim: Sim, ref: string | undefined): User {
  const u = ref ? sim.tenant.user(ref) : undefined;
  if (!u) throw resourceNotFound(ref);
  return u;
}

export function groupOr404(sim: Sim, ref: string | undefined): Group {
  const g = ref ? sim.tenant.group(ref) : undefined;
  if (!g) throw resourceNotFound(ref);
  return g;
}

export function checkCount(ctx: Ctx): void {
  if (
    ctx.req.query.get('$count') === 'true' &&
    (ctx.req.headers.get('consistencylevel') ?? '').toLowerCase() !== 'eventual'
  )
    throw new GraphError(400, 'Request_BadRequest', '$count is not currently supported.');
}
