/** Contact folders and contacts: list, delta, create, get, update, delete. */
import { Kind, encodeItemId } from '../../ids.ts';
import type { Mailbox } from '../../tenant.ts';
import { select, type Ctx, type Router } from '../http.ts';
import { USER_PATH, mailboxOf, mailboxRoute } from '../mail/mailbox-access.ts';
import { listResponse, outlookSyncReset, storeDelta } from '../paging.ts';
import { keyOf, nf, removedOf } from './item-refs.ts';
import { contactFromJson, renderContact } from './contacts.ts';

export function registerContactRoutes(r: Router): void {
  const t = mailboxRoute;
  const U = USER_PATH;
  const contactFolder = (ctx: Ctx, mb: Mailbox, ref: string | undefined) => {
    const c = mb.contacts;
    if (!ref) return c.defaultFolder;
    return keyOf(mb, c.folders, Kind.contactFolder, ref).key;
  };
  r.get(
    `${U}/contactFolders`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const c = mb.contacts;
      const rows = c.folders
        .all('')
        .filter((f) => f.key !== c.defaultFolder)
        .map((f) => ({
          id: encodeItemId(Kind.contactFolder, mb.scope, f.key, 0),
          displayName: f.data.displayName,
          parentFolderId: encodeItemId(Kind.contactFolder, mb.scope, f.data.parentKey, 0),
        }));
      return listResponse(ctx, rows, { defaultPage: 10, maxPage: 1000 });
    },
    t,
  );
  const contacts = (fromParam: boolean) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const folder = contactFolder(ctx, mb, fromParam ? ctx.params['contactFolder-id'] : undefined);
    return listResponse(
      ctx,
      mb.contacts.contacts.all(String(folder)).map((it) => renderContact(ctx, mb, it)),
      { defaultPage: 10, maxPage: 1000 },
    );
  };
  r.get(`${U}/contacts`, contacts(false), t);
  r.get(`${U}/contactFolders/{contactFolder-id}/contacts`, contacts(true), t);
  const contactDelta = (fromParam: boolean) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const folder = contactFolder(ctx, mb, fromParam ? ctx.params['contactFolder-id'] : undefined);
    return storeDelta(ctx, mb.contacts.contacts, String(folder), {
      render: (it) => renderContact(ctx, mb, it),
      removed: removedOf(ctx, mb, Kind.contact, 'contact'),
      defaultPage: 10,
      maxPage: 1000,
      style: 'outlook',
      reset: outlookSyncReset(),
    });
  };
  r.get(`${U}/contacts/delta()`, contactDelta(false), t);
  r.get(`${U}/contactFolders/{contactFolder-id}/contacts/delta()`, contactDelta(true), t);
  const createContact = (fromParam: boolean) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const folder = contactFolder(ctx, mb, fromParam ? ctx.params['contactFolder-id'] : undefined);
    const it = mb.contacts.contacts.create(String(folder), contactFromJson(ctx.json()));
    return { status: 201, json: renderContact(ctx, mb, it) };
  };
  r.post(`${U}/contacts`, createContact(false), t);
  r.post(`${U}/contactFolders/{contactFolder-id}/contacts`, createContact(true), t);
  const contactItem = (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    return { mb, it: keyOf(mb, mb.contacts.contacts, Kind.contact, ctx.params['contact-id']) };
  };
  r.get(
    `${U}/contacts/{contact-id}`,
    (ctx) => {
      const { mb, it } = contactItem(ctx);
      return {
        status: 200,
        json: select(renderContact(ctx, mb, it), ctx.req.query.get('$select')),
      };
    },
    t,
  );
  r.patch(
    `${U}/contacts/{contact-id}`,
    (ctx) => {
      const { mb, it } = contactItem(ctx);
      const up = mb.contacts.contacts.update(it.key, (d) => contactFromJson(ctx.json(), d));
      if (!up) throw nf();
      return { status: 200, json: renderContact(ctx, mb, up) };
    },
    t,
  );
  r.delete(
    `${U}/contacts/{contact-id}`,
    (ctx) => {
      const { mb, it } = contactItem(ctx);
      mb.contacts.contacts.delete(it.key);
      return { status: 204 };
    },
    t,
  );
}
