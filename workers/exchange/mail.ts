/**
 * Mail: the whole folder tree (hidden folders included) plus Recoverable Items\Deletions,
 * which is not in the tree and is reachable only by its well-known name.
 * https://learn.microsoft.com/graph/api/resources/mailfolder#well-known-folder-names ,
 * https://learn.microsoft.com/graph/api/user-list-mailfolders#example-2-include-hidden-folders-in-the-signed-in-users-mailbox
 * The top-level "Notes" folder belongs to the notes sub-service (notes.ts).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { FolderInput } from '../backup/types.js';
import { batchGet, enc, listAll, outlookHeaders } from './graph-io.js';
import { readMessagePage } from './messages.js';
import type { ExchangeReader, ReaderPage } from './types.js';

/** Well-known names worth recognising (a restore maps them onto the target mailbox). */
const WELL_KNOWN = [
  'inbox',
  'sentitems',
  'drafts',
  'deleteditems',
  'archive',
  'junkemail',
  'outbox',
  'conversationhistory',
  'syncissues',
  'conflicts',
  'localfailures',
  'serverfailures',
  'recoverableitemsdeletions',
] as const;

const FOLDER_SELECT = 'id,displayName,parentFolderId,childFolderCount,isHidden';

export interface MailFolderJson {
  id: string;
  displayName: string;
  parentFolderId?: string;
  childFolderCount?: number;
  isHidden?: boolean;
}

/** The top-level folders (hidden ones included); notes.ts picks "Notes" out of them. */
export function topLevelFolders(client: Client, userId: string): Promise<MailFolderJson[]> {
  return listAll<MailFolderJson>(
    client,
    `/users/${enc(userId)}/mailFolders?includeHiddenFolders=true&$top=100&$select=${FOLDER_SELECT}`,
  );
}

export function isNotesFolder(f: MailFolderJson): boolean {
  return f.displayName === 'Notes';
}

async function listFolders(client: Client, userId: string): Promise<FolderInput[]> {
  const top = (await topLevelFolders(client, userId)).filter((f) => !isNotesFolder(f));
  const all: MailFolderJson[] = [...top];
  let level = top;
  // breadth first; the governor spaces out the requests of a level
  while (level.length > 0) {
    const children = await Promise.all(
      level
        .filter((f) => (f.childFolderCount ?? 0) > 0)
        .map((f) =>
          listAll<MailFolderJson>(
            client,
            `/users/${enc(userId)}/mailFolders/${enc(f.id)}/childFolders?includeHiddenFolders=true&$top=100&$select=${FOLDER_SELECT}`,
          ),
        ),
    );
    level = children.flat();
    all.push(...level);
  }
  const known = await wellKnownFolders(client, userId);
  const byId = new Map(all.map((f) => [f.id, f]));
  const folders: FolderInput[] = all.map((f) => ({
    graphId: f.id,
    parentGraphId: f.parentFolderId && byId.has(f.parentFolderId) ? f.parentFolderId : null,
    name: f.displayName,
    hidden: f.isHidden ?? false,
    ...(known.get(f.id) ? { wellKnown: known.get(f.id)!.name } : {}),
  }));
  for (const [id, k] of known) {
    if (byId.has(id)) continue;
    // Recoverable Items\Deletions lives outside the tree the folder list shows
    folders.push({
      graphId: id,
      parentGraphId: null,
      name: k.displayName,
      wellKnown: k.name,
      hidden: true,
    });
  }
  return folders;
}

/** One `$batch` round trip per 4 names instead of a request each. */
async function wellKnownFolders(
  client: Client,
  userId: string,
): Promise<Map<string, { name: string; displayName: string }>> {
  const answers = await batchGet(
    client,
    WELL_KNOWN.map((name) => ({
      id: name,
      url: `/users/${enc(userId)}/mailFolders/${name}?$select=id,displayName`,
      headers: outlookHeaders(),
    })),
  );
  const out = new Map<string, { name: string; displayName: string }>();
  for (const name of WELL_KNOWN) {
    const a = answers.get(name);
    // a folder a mailbox does not have (archive, conversationhistory …) answers 404
    if (a?.status !== 200) continue;
    const f = a.body as { id: string; displayName: string };
    out.set(f.id, { name, displayName: f.displayName });
  }
  return out;
}

export const mailReader: ExchangeReader = {
  listFolders,
  readPage: (client, userId, folderGraphId, cursor): Promise<ReaderPage> =>
    readMessagePage('message', client, userId, folderGraphId, cursor),
};
