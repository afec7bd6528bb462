import { AwsClient } from 'aws4fetch';
import type { BlobListing, BlobObject, BlobStore, ByteRange } from './blob-store';
import { StorageError } from './storage-error';

export interface S3Location {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Any S3-compatible bucket (AWS S3, BYOS targets, s3rver locally), signed with SigV4. */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  private readonly client: AwsClient;

  constructor(private readonly location: S3Location) {
    this.client = new AwsClient({
      accessKeyId: location.accessKeyId,
      secretAccessKey: location.secretAccessKey,
      region: location.region,
      service: 's3',
    });
  }

  private url(key = '', query?: Record<string, string>): string {
    const path = key
      .split('/')
      .map((segment) => encodeURIComponent(segment))
      .join('/');
    const base = `${this.location.endpoint.replace(/\/$/, '')}/${this.location.bucket}/${path}`;
    return query ? `${base}?${new URLSearchParams(query).toString()}` : base;
  }

  private async send(operation: string, url: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await this.client.fetch(url, init);
    } catch (error) {
      throw new StorageError(`${operation}: ${(error as Error).message}`, true);
    }
    return res;
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<boolean> {
    // S3 enforces `If-None-Match: *`; some S3-compatible servers ignore it, so an existing
    // key is checked first. A race between the two is harmless: keys are content addresses.
    if ((await this.head(key)) !== null) return false;
    const res = await this.send('S3 put', this.url(key), {
      method: 'PUT',
      body: body as Uint8Array<ArrayBuffer>,
      headers: { 'If-None-Match': '*', 'Content-Length': String(body.byteLength) },
    });
    await res.body?.cancel();
    if (res.status === 412 || res.status === 409) return false;
    if (!res.ok) throw StorageError.fromStatus('S3 put', res.status);
    return true;
  }

  async get(key: string, range?: ByteRange): Promise<BlobObject | null> {
    const headers: Record<string, string> = {};
    if (range) headers.Range = `bytes=${range.offset}-${range.offset + range.length - 1}`;
    const res = await this.send('S3 get', this.url(key), { headers });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok || !res.body) throw StorageError.fromStatus('S3 get', res.status);
    return { key, size: Number(res.headers.get('Content-Length') ?? 0), body: res.body };
  }

  async head(key: string): Promise<number | null> {
    const res = await this.send('S3 head', this.url(key), { method: 'HEAD' });
    if (res.status === 404) return null;
    if (!res.ok) throw StorageError.fromStatus('S3 head', res.status);
    return Number(res.headers.get('Content-Length') ?? 0);
  }

  async delete(keys: string[]): Promise<void> {
    // Single-object deletes: multi-object delete requires Content-MD5, which not every
    // S3-compatible target accepts in the same way.
    for (const key of keys) {
      const res = await this.send('S3 delete', this.url(key), { method: 'DELETE' });
      await res.body?.cancel();
      if (!res.ok && res.status !== 404) throw StorageError.fromStatus('S3 delete', res.status);
    }
  }

  async list(prefix: string, cursor?: string, limit = 1000): Promise<BlobListing> {
    // ListObjects (v1) with the last key as marker: every S3-compatible server pages it the
    // same way, while v2 continuation tokens are opaque and not implemented everywhere.
    const query: Record<string, string> = { prefix, 'max-keys': String(limit) };
    if (cursor) query.marker = cursor;
    const res = await this.send('S3 list', this.url('', query), {});
    if (!res.ok) throw StorageError.fromStatus('S3 list', res.status);
    const xml = await res.text();
    const keys = [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => decodeXml(m[1] ?? ''));
    const truncated = /<IsTruncated>true<\/IsTruncated>/.test(xml);
    return { keys, cursor: truncated ? keys.at(-1) : undefined };
  }
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}
