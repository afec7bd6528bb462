/** Teams: the seeded channels with messages, replies, reactions, mentions and a Files folder. */
import { folderData, type Drive } from '../drive.ts';
import type { Group } from '../model/directory.ts';
import type { Channel, ChatMessageData, Team } from '../model/teams-and-groups.ts';
import { guidOf, hash32, Rng } from '../random.ts';
import { ItemStore, SeqClock } from '../store.ts';
import type { Tenant } from '../tenant.ts';
import { DAY, WORLD_EPOCH, escapeHtml, isoAt } from '../world.ts';
import { fileData } from './drives.ts';
import { membersOf } from './groups.ts';
import { asciiSlug } from './names.ts';

export function seedTeam(tenant: Tenant, g: Group): Team {
  const t: Team = {
    groupId: g.id,
    channels: [],
    createdDateTime: g.createdDateTime,
    deleted: false,
  };
  const content = tenant.groupContentOf(g);
  const specs: [string, 'standard' | 'private'][] = [
    ['General', 'standard'],
    ['Shipping updates', 'standard'],
    ['Leadership (private)', 'private'],
  ];
  specs.forEach(([name, type], ci) => {
    t.channels.push(makeChannel(tenant, g, name, type, ci, content.drive));
  });
  return t;
}

export function makeChannel(
  tenant: Tenant,
  g: Group,
  name: string,
  type: 'standard' | 'private',
  ci: number,
  drive: Drive,
): Channel {
  const clock = new SeqClock();
  const messages = new ItemStore<ChatMessageData>(clock);
  const members = membersOf(tenant, g);
  const r = Rng.of(tenant.seed, 'chan', g.index, ci);
  const base = WORLD_EPOCH - 30 * DAY + ci * 3_600_000;
  const roots = name === 'General' ? 6 : 4;
  let ms = base;
  for (let m = 0; m < roots && members.length; m++) {
    const author = members[(m + ci) % members.length] ?? members[0];
    if (!author) break;
    ms += r.int(600_000, 86_400_000);
    const mention = m % 3 === 1 ? members[(m + 1) % members.length] : undefined;
    const when = isoAt(ms);
    const root = messages.seed('', {
      from: { id: author.id, displayName: author.displayName },
      bodyHtml: mention
        ? `<div><at id="0">${escapeHtml(mention.displayName)}</at> can you check shipment ${r.int(100, 999)}? 📦</div>`
        : `<div>${r.pick(['Truck 12 delayed at the border.', 'Neue Preise ab Montag.', 'Réunion reportée à jeudi.', 'Inventory count done ✅'])}</div>`,
      subject: m === 0 ? 'Kick-off' : null,
      createdDateTime: when,
      lastModifiedDateTime: when,
      deletedDateTime: null,
      replyToKey: null,
      mentions: mention
        ? [
            {
              id: 0,
              mentionText: mention.displayName,
              userId: mention.id,
              displayName: mention.displayName,
            },
          ]
        : [],
      reactions:
        m % 2 === 0
          ? [
              {
                reactionType: 'like',
                createdDateTime: isoAt(ms + 60_000),
                userId: (members[(m + 2) % members.length] ?? author).id,
              },
            ]
          : [],
      importance: m === 2 ? 'high' : 'normal',
      msgId: String(ms),
    });
    const replies = r.int(0, 3);
    for (let k = 0; k < replies; k++) {
      const who = members[(m + k + 1) % members.length] ?? author;
      const rms = ms + (k + 1) * 120_000;
      messages.seed(String(root.key), {
        from: { id: who.id, displayName: who.displayName },
        bodyHtml: `<div>${r.pick(['On it.', 'Danke!', 'Merci 👍', 'Done, see the file.'])}</div>`,
        subject: null,
        createdDateTime: isoAt(rms),
        lastModifiedDateTime: isoAt(rms),
        deletedDateTime: null,
        replyToKey: root.key,
        mentions: [],
        reactions:
          k === 0
            ? [{ reactionType: 'heart', createdDateTime: isoAt(rms + 1000), userId: author.id }]
            : [],
        importance: 'normal',
        msgId: String(rms),
      });
    }
  }
  const chDrive =
    type === 'private'
      ? tenant.newDrive(
          'Documents',
          'documentLibrary',
          {
            kind: 'site',
            id: `${g.mailNickname}-${ci}`,
            displayName: `${g.displayName}-${name}`,
          },
          `https://larkspur.sharepoint.com/sites/${g.mailNickname}-${ci}/Shared%20Documents`,
        )
      : drive;
  const folderName = name.replace(/[^A-Za-z0-9 ()-]/g, '');
  let folderKey = chDrive.childByName(chDrive.rootKey, folderName);
  if (folderKey === undefined) {
    const when = isoAt(base);
    folderKey = chDrive.items.seed(
      '',
      folderData(folderName, chDrive.rootKey, g.displayName, when),
    ).key;
    chDrive.items.seed(
      '',
      fileData(
        `Channel notes ${ci}.docx`,
        folderKey,
        hash32(tenant.seed, g.index, ci, 'f'),
        40_000 + ci * 1000,
        when,
        g.displayName,
        1,
      ),
    );
  }
  const threadId = Buffer.from(guidOf(tenant.seed, 'thread', g.index, ci).replace(/-/g, ''), 'hex')
    .toString('hex')
    .slice(0, 32);
  return {
    id: ci === 0 ? `19:${threadId}@thread.tacv2` : `19:${threadId}@thread.tacv2`,
    displayName: name,
    description: `${name} channel of ${g.displayName}`,
    membershipType: type,
    createdDateTime: isoAt(base),
    email: `${asciiSlug(name)}.${g.mailNickname}@emea.teams.ms`,
    messages,
    clock,
    filesFolderKey: folderKey,
    driveOfChannel: chDrive,
    deleted: false,
    members: type === 'private' ? g.members.slice(0, 3) : g.members,
  };
}
