import { isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { emailTokens, loginThrottle } from '../db/schema';
import { purgeExpiredSessions } from './auth/sessions';
import { THROTTLE_WINDOW_MS } from './auth/throttle';

/** Keep credential tables small: drop what can no longer be used. Run by the cron sweep. */
export async function purgeExpiredCredentials(db: Db): Promise<void> {
  const now = Date.now();
  await purgeExpiredSessions({ db });
  await db
    .delete(emailTokens)
    .where(or(lt(emailTokens.expiresAt, new Date(now)), isNotNull(emailTokens.usedAt)));
  await db
    .delete(loginThrottle)
    .where(lt(loginThrottle.windowStartedAt, new Date(now - THROTTLE_WINDOW_MS)));
}
