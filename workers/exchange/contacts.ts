/**
 * Contacts: the default contacts folder (which Graph lists under no id of its own: its
 * contacts are `/users/{id}/contacts`) and every contactFolder, recursively.
 * https://learn.microsoft.com/graph/api/contact-delta ,
 * https://learn.microsoft.com/graph/api/user-list-contactfolders
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { FolderInput } from '../backup/types.js';
import { GraphApiError } from '../graph/graph-error.js';
import { enc, listAll } from './graph-io.js';
import { emailText, readJsonPage, str, type JsonItem } from './json-items.js';
import type { ExchangeReader } from './types.js';

/** Folder id we give the default contacts folder (Graph's own path segment for it). */
export const DEFAULT_CONTACTS = 'contacts';

interface ContactFolderJson {
  id: string;
  displayName: string;
  parentFolderId?: string;
}

async function listFolders(client: Client, userId: string): Promise<FolderInput[]> {
  const out: FolderInput[] = [
    { graphId: DEFAULT_CONTACTS, parentGraphId: null, name: 'Contacts', wellKnown: 'contacts' },
  ];
  let level = await listAll<ContactFolderJson>(
    client,
    `/users/${enc(userId)}/contactFolders?$top=100&$select=id,displayName,parentFolderId`,
  );
  const seen = new Set<string>();
  while (level.length > 0) {
    for (const f of level) seen.add(f.id);
    for (const f of level) {
      out.push({
        graphId: f.id,
        parentGraphId: f.parentFolderId && seen.has(f.parentFolderId) ? f.parentFolderId : null,
        name: f.displayName,
      });
    }
    const children = await Promise.all(
      level.map((f) =>
        listAll<ContactFolderJson>(
          client,
          `/users/${enc(userId)}/contactFolders/${enc(f.id)}/childFolders?$top=100&$select=id,displayName,parentFolderId`,
        ).catch(noChildFolders),
      ),
    );
    level = children.flat().filter((f) => !seen.has(f.id));
  }
  return out;
}

/**
 * A mailbox (or the simulator) that does not serve child contact folders answers 400/404
 * "Resource not found for the segment 'childFolders'": read that as no child folders.
 */
function noChildFolders(e: unknown): ContactFolderJson[] {
  if (e instanceof GraphApiError && [400, 404].includes(e.status) && /segment/i.test(e.message)) {
    return [];
  }
  throw e;
}

const meta = (c: JsonItem) => ({
  displayName: c.displayName ?? null,
  companyName: c.companyName ?? null,
  emailAddresses: c.emailAddresses ?? [],
  parentFolderId: c.parentFolderId ?? null,
  lastModifiedDateTime: c.lastModifiedDateTime ?? null,
  categories: c.categories ?? [],
});

const search = (c: JsonItem) => {
  const emails = Array.isArray(c.emailAddresses)
    ? c.emailAddresses.map((e) => emailText({ emailAddress: e })).join(' ')
    : '';
  return {
    subject: [c.displayName, c.givenName, c.surname].map(str).filter(Boolean).join(' '),
    from: emails,
    body: [c.companyName, c.jobTitle, c.department].map(str).filter(Boolean).join(' '),
  };
};

export const contactsReader: ExchangeReader = {
  listFolders,
  async readPage(client, userId, folderGraphId, cursor) {
    const base =
      folderGraphId === DEFAULT_CONTACTS
        ? `/users/${enc(userId)}/contacts/delta`
        : `/users/${enc(userId)}/contactFolders/${enc(folderGraphId)}/contacts/delta`;
    const { page } = await readJsonPage(client, folderGraphId, cursor, {
      kind: 'contact',
      scope: `contacts:${folderGraphId}`,
      initial: base,
      meta,
      search,
    });
    return page;
  },
};
