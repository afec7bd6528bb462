/** Mail mutations: messages arrive, change, move or go; folders are added or removed. */
import { encodeItemId, Kind } from '../../ids.ts';
import { guidOf, hash32 } from '../../random.ts';
import type { Sim } from '../../sim.ts';
import type { MessageData } from '../../tenant.ts';
import { folderFor, mailboxFor, messageFor } from '../lookups.ts';
import { nextMutationNumber, type MutationOf } from './mutation-kinds.ts';

export function applyMailMutation(
  sim: Sim,
  m: MutationOf<'mail' | 'folder'>,
  now: string,
): Record<string, unknown> {
  const t = sim.tenant;
  switch (m.op) {
    case 'mail.add': {
      const mb = mailboxFor(sim, m.user);
      const folder = folderFor(mb, m.folder);
      const ids: string[] = [];
      for (let i = 0; i < m.count; i++) {
        const n = nextMutationNumber();
        const from = t.users[(n + 1) % t.users.length] ?? mb.user;
        const data: MessageData = {
          subject: m.subject ?? `New arrival ${n} — Lieferung`,
          bodyType: 'html',
          bodyText: `New message ${n}.`,
          bodyHtml: `<html><body><p>New message ${n}. Grüße!</p></body></html>`,
          from: { name: from.displayName, address: from.mail ?? from.userPrincipalName },
          sender: { name: from.displayName, address: from.mail ?? from.userPrincipalName },
          to: [{ name: mb.user.displayName, address: mb.user.mail ?? mb.user.userPrincipalName }],
          cc: [],
          bcc: [],
          replyTo: [],
          sentDateTime: now,
          receivedDateTime: now,
          createdDateTime: now,
          lastModifiedDateTime: now,
          internetMessageId: `<mut-${n}-${hash32(now, n).toString(36)}@${t.domain}>`,
          conversationId: guidOf('mutconv', n),
          importance: 'normal',
          isRead: false,
          isDraft: false,
          flagStatus: 'notFlagged',
          categories: [],
          inferenceClassification: 'focused',
          attachments: [],
          extraHeaders: [],
          extended: {},
          changeKey: 'CQAAABYAAABmut' + n,
        };
        const it = mb.messages.create(String(folder), data);
        ids.push(encodeItemId(Kind.message, mb.scope, it.key, it.moves));
      }
      return { ids };
    }
    case 'mail.update': {
      const mb = mailboxFor(sim, m.user);
      const key = messageFor(mb, m.id);
      mb.messages.update(key, (d) => ({
        ...d,
        ...(m.isRead !== undefined ? { isRead: m.isRead } : {}),
        ...(m.subject !== undefined ? { subject: m.subject, mime: undefined } : {}),
        ...(m.flagStatus ? { flagStatus: m.flagStatus } : {}),
        ...(m.categories ? { categories: m.categories } : {}),
        lastModifiedDateTime: now,
        changeKey: 'CQAAABYAAABupd' + nextMutationNumber(),
      }));
      return {};
    }
    case 'mail.move': {
      const mb = mailboxFor(sim, m.user);
      const it = mb.messages.move(messageFor(mb, m.id), String(folderFor(mb, m.folder)));
      return { id: it ? encodeItemId(Kind.message, mb.scope, it.key, it.moves) : null };
    }
    case 'mail.delete': {
      const mb = mailboxFor(sim, m.user);
      mb.messages.delete(messageFor(mb, m.id));
      return {};
    }
    case 'folder.add': {
      const mb = mailboxFor(sim, m.user);
      const f = mb.folders.create('', {
        displayName: m.name,
        parentKey: folderFor(mb, m.parent),
        isHidden: false,
      });
      return { id: encodeItemId(Kind.mailFolder, mb.scope, f.key, 0) };
    }
    case 'folder.update': {
      // rename and/or move (as PATCH displayName and POST move do)
      const mb = mailboxFor(sim, m.user);
      const key = folderFor(mb, m.id);
      const parent = m.parent !== undefined ? folderFor(mb, m.parent) : undefined;
      mb.folders.update(key, (d) => ({
        ...d,
        displayName: m.name ?? d.displayName,
        parentKey: parent ?? d.parentKey,
      }));
      return {};
    }
    case 'folder.delete': {
      const mb = mailboxFor(sim, m.user);
      const key = folderFor(mb, m.id);
      for (const msg of mb.messages.all(String(key))) mb.messages.delete(msg.key);
      mb.folders.delete(key);
      return {};
    }
  }
}
