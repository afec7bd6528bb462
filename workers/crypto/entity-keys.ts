import { bytesToHex } from '../domain/encoding';
import { CryptoError } from './errors';

/**
 * The keys of one protected entity, derived from its data key with HKDF so the content-id
 * key and the encryption key are independent: knowing blob ids reveals nothing about the
 * encryption key, and ids differ between entities (and tenants) for equal content.
 *
 * Sealed blob format: [version=1][flags][iv ×12][AES-256-GCM ciphertext ‖ tag]. The two
 * header bytes are authenticated (AAD), so the compression flag cannot be flipped.
 */
const VERSION = 1;
const FLAG_DEFLATE = 0x01;
const HEADER_BYTES = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;
type DerivedAlgorithm = Parameters<SubtleCrypto['deriveKey']>[2];

/**
 * The portal type-checks this file through `AppType` with the DOM library, whose WebCrypto
 * and fetch signatures take only ArrayBuffer-backed views; workerd accepts any. The bytes
 * here are always ArrayBuffer-backed, so the narrower type is stated once, here.
 */
export const bytes = (b: Uint8Array) => b as Uint8Array<ArrayBuffer>;
const SALT = new TextEncoder().encode('bulwark/entity-keys/v1');

export class EntityKeys {
  private constructor(
    private readonly aesKey: CryptoKey,
    private readonly idKey: CryptoKey,
  ) {}

  static async fromRaw(raw: Uint8Array): Promise<EntityKeys> {
    const master = await crypto.subtle.importKey('raw', bytes(raw), 'HKDF', false, ['deriveKey']);
    const derive = (
      info: string,
      alg: DerivedAlgorithm,
      usages: Array<'encrypt' | 'decrypt' | 'sign'>,
    ) =>
      crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: SALT, info: new TextEncoder().encode(info) },
        master,
        alg,
        false,
        usages,
      );
    const aesKey = await derive('blob-encryption', { name: 'AES-GCM', length: 256 }, [
      'encrypt',
      'decrypt',
    ]);
    const idKey = await derive('content-id', { name: 'HMAC', hash: 'SHA-256', length: 256 }, [
      'sign',
    ]);
    return new EntityKeys(aesKey, idKey);
  }

  /** Content address of `plain` within this entity (hex HMAC-SHA256). */
  async contentId(plain: Uint8Array): Promise<string> {
    return bytesToHex(new Uint8Array(await crypto.subtle.sign('HMAC', this.idKey, bytes(plain))));
  }

  async seal(plain: Uint8Array): Promise<Uint8Array> {
    const compressed = await deflate(plain);
    // Already-compressed content (images, zip, PDF) grows under deflate: store it as is.
    const useDeflate = compressed.byteLength < plain.byteLength;
    const payload = useDeflate ? compressed : plain;
    const header = new Uint8Array([VERSION, useDeflate ? FLAG_DEFLATE : 0]);
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const cipher = new Uint8Array(
      await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: header },
        this.aesKey,
        bytes(payload),
      ),
    );
    const out = new Uint8Array(HEADER_BYTES + IV_BYTES + cipher.byteLength);
    out.set(header, 0);
    out.set(iv, HEADER_BYTES);
    out.set(cipher, HEADER_BYTES + IV_BYTES);
    return out;
  }

  async open(sealed: Uint8Array): Promise<Uint8Array> {
    if (sealed.byteLength < HEADER_BYTES + IV_BYTES + TAG_BYTES) {
      throw new CryptoError('sealed blob is truncated');
    }
    const version = sealed[0];
    const flags = sealed[1] ?? 0;
    if (version !== VERSION) throw new CryptoError(`unknown sealed blob version ${version}`);
    if ((flags & ~FLAG_DEFLATE) !== 0) throw new CryptoError('unknown sealed blob flags');
    let payload: Uint8Array;
    try {
      payload = new Uint8Array(
        await crypto.subtle.decrypt(
          {
            name: 'AES-GCM',
            iv: bytes(sealed.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES)),
            additionalData: bytes(sealed.subarray(0, HEADER_BYTES)),
          },
          this.aesKey,
          bytes(sealed.subarray(HEADER_BYTES + IV_BYTES)),
        ),
      );
    } catch {
      throw new CryptoError('sealed blob failed authentication: wrong key or tampered bytes');
    }
    return flags & FLAG_DEFLATE ? inflate(payload) : payload;
  }
}

function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return transform(bytes, new CompressionStream('deflate-raw'));
}

function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  return transform(bytes, new DecompressionStream('deflate-raw'));
}

async function transform(
  input: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Written without awaiting: the readable side must drain concurrently or a large input
  // would stall on backpressure.
  // A write failure also errors the readable side, which is what the caller awaits.
  writer
    .write(bytes(input))
    .then(() => writer.close())
    .catch(() => undefined);
  return new Uint8Array(await new Response(stream.readable).arrayBuffer());
}
