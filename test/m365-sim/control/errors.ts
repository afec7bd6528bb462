/** Control endpoint errors: not-found and invalid-request answers. */
import type { Context } from 'hono';
import { z } from 'zod';

export class ControlError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export function need<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new ControlError(404, `${what} not found`);
  return v;
}

/** Control routes answer `{ error }`: 404/400 for a ControlError, 400 for a schema failure. */
export function guard(fn: (c: Context) => Response | Promise<Response>) {
  return async (c: Context) => {
    try {
      return await fn(c);
    } catch (e) {
      if (e instanceof ControlError) return c.json({ error: e.message }, e.status);
      if (e instanceof z.ZodError)
        return c.json({ error: 'invalid request', issues: e.issues }, 400);
      throw e;
    }
  };
}

export async function readBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  return text ? (JSON.parse(text) as unknown) : {};
}
