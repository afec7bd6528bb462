import type { Principal } from './services/auth/principal';
import type { Deps } from './services/deps';

/** Hono environment shared by every route and middleware. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    deps: Deps;
    /** Set by `authenticate` when the request carries valid credentials. */
    principal?: Principal;
  };
}
