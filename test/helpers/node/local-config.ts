import { experimental_readRawConfig } from 'wrangler';

/** The s3rver buckets the local region registry expects. */
export function localS3Buckets(): string[] {
  return [...new Set(localS3Stores().map((s) => s.bucket))];
}

function regionStores(): Record<string, { kind: string; endpoint?: string; bucket?: string }> {
  const { rawConfig } = experimental_readRawConfig({ config: 'wrangler.toml' });
  const raw = rawConfig.vars?.REGION_STORES;
  if (typeof raw !== 'string') throw new Error('wrangler.toml has no REGION_STORES var');
  return JSON.parse(raw) as Record<string, { kind: string; endpoint?: string; bucket?: string }>;
}

function localS3Stores(): { bucket: string }[] {
  return Object.values(regionStores())
    .filter((s) => s.kind === 's3')
    .map((s) => ({ bucket: s.bucket ?? '' }));
}

/**
 * Vars that point the Worker at the servers a local run started on free ports: every
 * S3-kind region store at our s3rver, Graph and Entra ID at the simulated tenant.
 */
export function localVarOverrides(opts: {
  s3Endpoint: string;
  simUrl?: string;
}): Record<string, string> {
  const stores = regionStores();
  for (const store of Object.values(stores)) {
    if (store.kind === 's3') store.endpoint = opts.s3Endpoint;
  }
  const vars: Record<string, string> = { REGION_STORES: JSON.stringify(stores) };
  if (opts.simUrl) {
    vars.GRAPH_BASE_URL = opts.simUrl;
    vars.LOGIN_BASE_URL = opts.simUrl;
  }
  return vars;
}
