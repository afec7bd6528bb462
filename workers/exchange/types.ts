/** What every Exchange sub-service reader hands the backup consumer. */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { FolderInput, ItemKind, SearchText } from '../backup/types.js';

export interface ReaderItem {
  kind: ItemKind;
  /** Immutable Graph id. */
  graphId: string;
  folderGraphId: string;
  changeKey?: string;
  meta: Record<string, unknown>;
  /** FTS text. For mail, `attachments` is filled once content() has been read to its end. */
  search: SearchText;
  /** MIME stream (mail, notes) or the item's Graph JSON (contacts, events, tasks). */
  content(): Promise<ReadableStream<Uint8Array> | Uint8Array>;
}

export interface ReaderPage {
  items: ReaderItem[];
  /** Graph ids reported `@removed`. */
  removed: string[];
  /** `@odata.nextLink`, or the `@odata.deltaLink` when `done`. */
  next: string;
  done: boolean;
}

export interface ExchangeReader {
  listFolders(client: Client, userId: string): Promise<FolderInput[]>;
  readPage(
    client: Client,
    userId: string,
    folderGraphId: string,
    cursor: string | null,
  ): Promise<ReaderPage>;
}
