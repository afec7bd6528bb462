/**
 * Attachment names for the search index, picked from the MIME as it streams past (we never
 * hold a whole message, and asking Graph for the attachment list would cost a request per
 * message). Only `filename=` / `name=` parameters of part headers are read; RFC 2047 encoded
 * words are decoded, RFC 2231 continuations (`filename*0=`) are joined naively.
 */
const NAME_PARAM = /\b(?:file)?name\*?(?:\d+\*?)?\s*=\s*(?:"([^"]*)"|([^\s;]+))/gi;
const CARRY = 1024;

export function collectAttachmentNames(
  onDone: (names: string[]) => void,
): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder('latin1');
  const names = new Set<string>();
  let carry = '';
  const scan = (text: string, final: boolean) => {
    const lines = text.split(/\r?\n/);
    const rest = final ? '' : (lines.pop() ?? '');
    for (const line of lines) {
      if (!/^(?:content-(?:disposition|type):|\s)/i.test(line)) continue;
      for (const m of line.matchAll(NAME_PARAM)) {
        const raw = m[1] ?? m[2] ?? '';
        if (raw) names.add(decodeWords(raw));
      }
    }
    carry = rest.slice(-CARRY);
  };
  return new TransformStream({
    transform(chunk, controller) {
      scan(carry + decoder.decode(chunk, { stream: true }), false);
      controller.enqueue(chunk);
    },
    flush() {
      scan(carry, true);
      onDone([...names]);
    },
  });
}

/** RFC 2047 `=?charset?B|Q?text?=` words (UTF-8 and Latin-1). */
function decodeWords(s: string): string {
  return s.replace(
    /=\?([^?]+)\?([bq])\?([^?]*)\?=/gi,
    (_, charset: string, mode: string, text: string) => {
      let bytes: Uint8Array;
      if (mode.toLowerCase() === 'b') {
        bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
      } else {
        const t = text
          .replace(/_/g, ' ')
          .replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
        bytes = Uint8Array.from(t, (c) => c.charCodeAt(0));
      }
      try {
        return new TextDecoder(charset.toLowerCase()).decode(bytes);
      } catch {
        return new TextDecoder().decode(bytes);
      }
    },
  );
}
