import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface S3Server {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts s3rver (an S3-compatible server; it does not verify signatures) with the given
 * buckets. Data lives in `directory` or a fresh temporary directory removed on stop.
 */
export async function startS3Server(opts: {
  port: number;
  buckets: string[];
  directory?: string;
}): Promise<S3Server> {
  const temporary = opts.directory === undefined;
  const directory = opts.directory ?? (await mkdtemp(path.join(os.tmpdir(), 'bulwark-s3-')));
  const server = new S3rver({
    port: opts.port,
    address: 'localhost',
    silent: true,
    directory,
    configureBuckets: opts.buckets.map((name) => ({ name, configs: [] })),
  });
  await server.run();
  return {
    endpoint: `http://localhost:${opts.port}`,
    async stop() {
      await server.close();
      if (temporary) await rm(directory, { recursive: true, force: true });
    },
  };
}
