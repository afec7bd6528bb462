import { z } from 'zod';
import type { BlobStore } from './blob-store';
import { R2BlobStore } from './r2-blob-store';
import { S3BlobStore } from './s3-blob-store';

const storeSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('r2'), binding: z.string().min(1) }),
  z.object({
    kind: z.literal('s3'),
    // Names the secrets S3_<name>_ACCESS_KEY_ID and S3_<name>_SECRET_ACCESS_KEY.
    name: z.string().regex(/^[A-Z0-9_]+$/),
    endpoint: z.url(),
    bucket: z.string().min(1),
    region: z.string().min(1),
  }),
]);
export type StoreSpec = z.infer<typeof storeSpec>;

const registrySchema = z.record(z.string(), storeSpec);

let cached: { raw: string; registry: Record<string, StoreSpec> } | undefined;

/** The region → store registry from the REGION_STORES var, validated once per isolate. */
export function regionRegistry(raw: string): Record<string, StoreSpec> {
  if (cached?.raw === raw) return cached.registry;
  const registry = registrySchema.parse(JSON.parse(raw));
  cached = { raw, registry };
  return registry;
}

/** The store that holds data for a datacenter region. Throws for a region with no store. */
export function blobStoreForRegion(env: Env, region: string): BlobStore {
  const spec = regionRegistry(env.REGION_STORES)[region];
  if (!spec) throw new Error(`no store is configured for region "${region}"`);
  const bindings = env as unknown as Record<string, unknown>;
  if (spec.kind === 'r2') {
    const bucket = bindings[spec.binding];
    if (!bucket) throw new Error(`R2 binding ${spec.binding} for region "${region}" is missing`);
    return new R2BlobStore(bucket as R2Bucket);
  }
  const accessKeyId = bindings[`S3_${spec.name}_ACCESS_KEY_ID`];
  const secretAccessKey = bindings[`S3_${spec.name}_SECRET_ACCESS_KEY`];
  if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string') {
    throw new Error(`credentials for S3 store ${spec.name} (region "${region}") are missing`);
  }
  return new S3BlobStore({ ...spec, accessKeyId, secretAccessKey });
}
