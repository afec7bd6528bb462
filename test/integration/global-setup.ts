import type { TestProject } from 'vitest/node';
import { localS3Buckets } from '../helpers/node/local-config.ts';
import { freePort } from '../helpers/node/ports.ts';
import { startS3Server } from '../helpers/node/s3-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
  }
}

/** s3rver for the S3-kind region store, so both BlobStore implementations run in workerd. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const s3 = await startS3Server({ port: await freePort(), buckets: localS3Buckets() });
  project.provide('s3Endpoint', s3.endpoint);
  return () => s3.stop();
}
