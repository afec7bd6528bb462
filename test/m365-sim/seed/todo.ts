/** A mailbox's To Do lists and tasks. */
import type { TaskData, TodoListData } from '../model/mailbox-data.ts';
import type { Mailbox } from '../mailbox.ts';
import { Rng, guidOf } from '../random.ts';
import { ItemStore } from '../store.ts';
import { DAY, WORLD_EPOCH, isoAt } from '../world.ts';

export interface TodoState {
  lists: ItemStore<TodoListData>;
  tasks: ItemStore<TaskData>;
}

export function seedTodo(mb: Mailbox): TodoState {
  const lists = new ItemStore<TodoListData>(mb.clock);
  const tasks = new ItemStore<TaskData>(mb.clock);
  const def = lists.seed('', {
    displayName: 'Tasks',
    wellknownListName: 'defaultList',
    isOwner: true,
    isShared: false,
  });
  const flagged = lists.seed('', {
    displayName: 'Flagged email',
    wellknownListName: 'flaggedEmails',
    isOwner: true,
    isShared: false,
  });
  const groceries = lists.seed('', {
    displayName: 'Umzug / Déménagement',
    wellknownListName: 'none',
    isOwner: true,
    isShared: false,
  });
  const r = Rng.of(mb.tenant.seed, mb.user.index, 'todo');
  const titles = [
    'Renew forklift licence',
    'Send Q3 numbers to Émilie',
    'Book Lyon trip',
    'Review customs forms',
    'Kartons bestellen',
    'Call the notary',
  ];
  const n = mb.user.mailboxKind === 'user' ? 6 : 0;
  for (let i = 0; i < n; i++) {
    const when = WORLD_EPOCH - r.int(1, 90) * DAY;
    const done = r.chance(0.3);
    tasks.seed(String(i < 3 ? def.key : i < 4 ? flagged.key : groceries.key), {
      title: titles[i % titles.length] ?? 'Task',
      body: r.chance(0.5) ? 'Details in the shared folder.' : '',
      importance: r.chance(0.2) ? 'high' : 'normal',
      status: done ? 'completed' : r.chance(0.3) ? 'inProgress' : 'notStarted',
      dueDateTime: r.chance(0.6) ? isoAt(when + 14 * DAY) : null,
      completedDateTime: done ? isoAt(when + 3 * DAY) : null,
      createdDateTime: isoAt(when),
      lastModifiedDateTime: isoAt(when),
      categories: [],
      checklist:
        i === 0
          ? [
              {
                id: guidOf('chk', mb.user.index, i),
                displayName: 'Scan certificate',
                isChecked: false,
              },
            ]
          : [],
    });
  }
  return { lists, tasks };
}
