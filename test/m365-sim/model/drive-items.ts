/** What a drive holds: items, their content and versions. */
export interface FileContent {
  size: number;
  seed?: number;
  bytes?: Buffer;
}

export interface DriveItemVersion {
  id: string;
  lastModifiedDateTime: string;
  content: FileContent;
}

export interface DriveItemData {
  name: string;
  parentKey: number; // -1 for root
  folder: boolean;
  mimeType?: string;
  content?: FileContent;
  versions: DriveItemVersion[];
  createdDateTime: string;
  lastModifiedDateTime: string;
  createdBy: string;
  eTagVersion: number;
  cTagVersion: number;
}
