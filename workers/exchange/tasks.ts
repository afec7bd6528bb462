/**
 * To Do: every task list, and each list's tasks through todoTask delta with their checklist
 * items. https://learn.microsoft.com/graph/api/todotask-delta ,
 * https://learn.microsoft.com/graph/api/todo-list-lists
 */
import type { FolderInput } from '../backup/types.js';
import { enc, listAll } from './graph-io.js';
import { readJsonPage, str, type JsonItem } from './json-items.js';
import type { ExchangeReader } from './types.js';

interface TodoListJson {
  id: string;
  displayName: string;
  wellknownListName?: string;
}

const body = (t: JsonItem) => str((t.body as { content?: unknown } | undefined)?.content);

export const tasksReader: ExchangeReader = {
  async listFolders(client, userId): Promise<FolderInput[]> {
    const lists = await listAll<TodoListJson>(client, `/users/${enc(userId)}/todo/lists?$top=100`);
    return lists.map((l) => ({
      graphId: l.id,
      parentGraphId: null,
      name: l.displayName,
      ...(l.wellknownListName && l.wellknownListName !== 'none'
        ? { wellKnown: l.wellknownListName }
        : {}),
    }));
  },
  async readPage(client, userId, folderGraphId, cursor) {
    const { page } = await readJsonPage(client, folderGraphId, cursor, {
      kind: 'task',
      scope: `tasks:${folderGraphId}`,
      initial: `/users/${enc(userId)}/todo/lists/${enc(folderGraphId)}/tasks/delta?$expand=checklistItems`,
      meta: (t) => ({
        title: t.title ?? null,
        status: t.status ?? null,
        importance: t.importance ?? null,
        dueDateTime: t.dueDateTime ?? null,
        completedDateTime: t.completedDateTime ?? null,
        lastModifiedDateTime: t.lastModifiedDateTime ?? null,
        categories: t.categories ?? [],
      }),
      search: (t) => ({ subject: str(t.title), body: body(t) }),
    });
    return page;
  },
};
