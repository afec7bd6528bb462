/**
 * Notes: Outlook's sticky notes live as IPM.StickyNote items in the top-level "Notes" mail
 * folder. Graph gives that folder no well-known name
 * (https://learn.microsoft.com/graph/api/resources/mailfolder#well-known-folder-names), so it
 * is found by its display name; a mailbox whose client language renamed it is read as mail.
 */
import type { FolderInput } from '../backup/types.js';
import { isNotesFolder, topLevelFolders } from './mail.js';
import { readMessagePage } from './messages.js';
import type { ExchangeReader } from './types.js';

export const notesReader: ExchangeReader = {
  async listFolders(client, userId): Promise<FolderInput[]> {
    const notes = (await topLevelFolders(client, userId)).filter(isNotesFolder);
    return notes.map((f) => ({
      graphId: f.id,
      parentGraphId: null,
      name: f.displayName,
      hidden: f.isHidden ?? false,
    }));
  },
  readPage: (client, userId, folderGraphId, cursor) =>
    readMessagePage('note', client, userId, folderGraphId, cursor),
};
