import type { TestProject } from 'vitest/node';
import { startSimulator } from '../m365-sim/server.ts';
import { localS3Buckets } from '../helpers/node/local-config.ts';
import { nonConforming } from '../helpers/node/graph-conformance.ts';
import { freePort } from '../helpers/node/ports.ts';
import { startS3Server } from '../helpers/node/s3-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
    simUrl: string;
  }
}

/**
 * Node-side peers of the workerd tests, each on a free port: s3rver for the S3-kind region
 * store (so both BlobStore implementations run) and the simulated Microsoft 365 tenant
 * that GRAPH_BASE_URL and LOGIN_BASE_URL point at.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const s3 = await startS3Server({ port: await freePort(), buckets: localS3Buckets() });
  const sim = await startSimulator({ port: await freePort() }).catch(async (error: unknown) => {
    await s3.stop();
    throw error;
  });
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('simUrl', sim.url);
  return async () => {
    // Every request the product sent to Graph during the suite must be one Microsoft lists
    // (path template, method and query options): checked here, over the whole suite.
    const bad = nonConforming(sim.sim.log.since(0));
    await sim.close();
    await s3.stop();
    if (bad.length > 0) {
      const sample = bad.slice(0, 20).map((e) => `${e.method} ${e.url}`);
      throw new Error(
        `${bad.length} Graph request(s) outside graph-paths.json:\n${sample.join('\n')}`,
      );
    }
  };
}
