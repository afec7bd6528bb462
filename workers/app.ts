import { Hono } from 'hono';

export const app = new Hono<{ Bindings: Env }>().get('/api/v1/health', (c) => c.json({ ok: true }));

export type AppType = typeof app;
