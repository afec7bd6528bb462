import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../helpers/node/local-stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    simUrl: string;
  }
}

/** One local stack (Worker, s3rver, simulated tenant) for every browser spec; stopped after. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startLocalStack({ simulator: true });
  project.provide('baseUrl', stack.url);
  project.provide('simUrl', stack.simUrl ?? '');
  return () => stack.stop();
}
