import { compileErrors, validate } from '@readme/openapi-parser';
import { expect, it } from 'vitest';

interface AppModule {
  app: { request(url: string, init: RequestInit, env: Record<string, unknown>): Promise<Response> };
}

// The app is loaded by path at runtime: it is Worker code (typed against the Workers
// runtime, not Node), and generating the document needs no bindings beyond configuration.
// The validator itself needs Node (it compiles JSON Schemas with `new Function`, which
// workerd forbids), so this is the test that proves the published document is valid.
const APP_MODULE = '../../workers/app.ts';

const env = {
  DEV_MODE: 'true',
  MAIL_TRANSPORT: 'outbox',
  MAIL_FROM: 'Bulwark <no-reply@bulwark.example>',
  TOKEN_PEPPER: 'unit-test-pepper-0123456789',
  DB: {},
};

it('GET /api/v1/openapi.json is a valid OpenAPI 3.1 document', async () => {
  const { app } = (await import(/* @vite-ignore */ APP_MODULE)) as AppModule;
  const res = await app.request('https://bulwark.test/api/v1/openapi.json', {}, env);
  expect(res.status).toBe(200);
  const document = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(document.openapi).toBe('3.1.0');

  const result = await validate(structuredClone(document) as never);
  expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  expect(Object.keys(document.paths)).toContain('/api/v1/tokens/{id}');
}, 30_000);
