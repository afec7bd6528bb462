/** Short-lived state the simulator keeps between requests: upload sessions, download URLs, auth codes. */
export interface UploadSession {
  id: string;
  driveId: string;
  parentKey: number;
  name: string;
  conflict: 'fail' | 'replace' | 'rename';
  total: number | null;
  chunks: Buffer[];
  received: number;
  expires: number;
  existingKey?: number;
}

export interface AttachmentUploadSession {
  id: string;
  token: string;
  appId: string;
  userId: string;
  messageRef: string;
  messageKey: number;
  name: string;
  size: number;
  contentType: string;
  isInline: boolean;
  contentId?: string;
  chunks: Buffer[];
  received: number;
  expires: number;
}

/** A pre-authenticated download URL: its expiry and how to read the bytes. */
export interface PendingDownload {
  exp: number;
  read: () => DownloadSource;
}

export interface DownloadSource {
  size: number;
  slice: (s: number, e: number) => Uint8Array;
  name: string;
  mimeType: string;
}

/** An authorization code waiting to be redeemed at the token endpoint. */
export interface PendingAuthCode {
  userId: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  nonce?: string;
  codeChallenge?: string;
  exp: number;
}
