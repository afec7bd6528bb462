/** A group's content: conversations with threads and posts, its calendar, and its site's library. */
import type { EventData } from '../model/mailbox-data.ts';
import type { Group } from '../model/directory.ts';
import type {
  ConversationData,
  GroupContent,
  PostData,
  ThreadData,
} from '../model/teams-and-groups.ts';
import { Rng } from '../random.ts';
import { ItemStore, SeqClock } from '../store.ts';
import type { Tenant } from '../tenant.ts';
import { DAY, WORLD_EPOCH, addr, escapeHtml, isoAt } from '../world.ts';
import { makeEvent } from './events.ts';
import { membersOf } from './groups.ts';

export function seedGroupContent(t: Tenant, g: Group): GroupContent {
  const clock = new SeqClock();
  const conversations = new ItemStore<ConversationData>(clock);
  const threads = new ItemStore<ThreadData>(clock);
  const r = Rng.of(t.seed, 'conv', g.index);
  const members = membersOf(t, g);
  for (let ci = 0; ci < 3; ci++) {
    const topic =
      ['Welcome to the group', 'Quarterly planning', 'Frühjahrsputz im Lager'][ci] ?? 'Topic';
    const tclock = new SeqClock();
    const posts = new ItemStore<PostData>(tclock);
    const n = r.int(1, 4);
    let last = '';
    for (let p = 0; p < n; p++) {
      const author = members[(ci + p) % Math.max(1, members.length)];
      const when = isoAt(WORLD_EPOCH - (60 - ci * 10 - p) * DAY);
      last = when;
      posts.seed('', {
        from: author ? addr(author) : { name: g.displayName, address: g.mail },
        bodyHtml: `<html><body><div>${escapeHtml(topic)} — post ${p + 1}. Merci à tous!</div></body></html>`,
        receivedDateTime: when,
        createdDateTime: when,
        lastModifiedDateTime: when,
        changeKey: 'CQAAAB' + p,
      });
    }
    const th = threads.seed('', { topic, posts, lastDeliveredDateTime: last });
    conversations.seed('', { topic, threadKeys: [th.key] });
  }
  const events = new ItemStore<EventData>(clock);
  for (let e = 0; e < 3; e++)
    events.seed('', makeEvent(t, { name: g.displayName, address: g.mail }, `g${g.index}`, e));
  const site = t.siteForGroup(g);
  const drive = site.lists.find((l) => l.drive)?.drive;
  if (!drive) throw new Error('group site without library');
  return { clock, conversations, threads, calendar: { clock, events }, drive, site };
}
