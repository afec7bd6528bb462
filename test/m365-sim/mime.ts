/**
 * Internet message format (RFC 5322) and MIME (RFC 2045–2047, 2183, 2387) — just enough to
 * write realistic messages and to read back the ones clients upload.
 */
export { buildMime, type MimeAttachment, type MimeMessageInput } from './mime/build.ts';
export {
  encodeWord,
  formatAddress,
  quotedPrintable,
  rfc2822Date,
  type Address,
} from './mime/encode.ts';
export {
  decodeWords,
  parseAddressList,
  parseMime,
  parsePart,
  type ParsedMessage,
  type ParsedPart,
} from './mime/parse.ts';
