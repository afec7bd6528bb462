export { CryptoError } from './errors';
export { EntityKeys } from './entity-keys';
export { generateWrappedDataKey, openDataKey } from './data-key';
