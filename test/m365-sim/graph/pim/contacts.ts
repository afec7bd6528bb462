/** Contacts as Graph renders and accepts them. */
import { Kind, encodeItemId } from '../../ids.ts';
import type { StoredItem } from '../../store.ts';
import { isoAt, type ContactData, type Mailbox } from '../../tenant.ts';
import type { Ctx } from '../http.ts';
import { idOf } from './item-refs.ts';

export function renderContact(
  ctx: Ctx,
  mb: Mailbox,
  it: StoredItem<ContactData>,
): Record<string, unknown> {
  const c = it.data;
  return {
    '@odata.etag': `W/"${c.changeKey}"`,
    id: idOf(ctx, mb, Kind.contact, it),
    createdDateTime: c.createdDateTime,
    lastModifiedDateTime: c.lastModifiedDateTime,
    changeKey: c.changeKey,
    categories: [],
    parentFolderId: encodeItemId(Kind.contactFolder, mb.scope, Number(it.container), 0),
    birthday: c.birthday,
    displayName: c.displayName,
    givenName: c.givenName,
    surname: c.surname,
    companyName: c.companyName,
    jobTitle: c.jobTitle,
    emailAddresses: c.emailAddresses,
    businessPhones: c.businessPhones,
    mobilePhone: c.mobilePhone,
    homePhones: [],
    personalNotes: c.personalNotes,
  };
}

export function contactFromJson(j: Record<string, unknown>, prev?: ContactData): ContactData {
  const now = isoAt(Date.now());
  const str = (k: string, d: string | null) => (typeof j[k] === 'string' ? (j[k] as string) : d);
  const given = str('givenName', prev?.givenName ?? '') ?? '';
  const sur = str('surname', prev?.surname ?? '') ?? '';
  return {
    givenName: given,
    surname: sur,
    displayName: str('displayName', prev?.displayName ?? `${given} ${sur}`.trim()) ?? '',
    emailAddresses: Array.isArray(j.emailAddresses)
      ? (j.emailAddresses as { name?: string; address?: string }[]).map((e) => ({
          name: e.name ?? '',
          address: e.address ?? '',
        }))
      : (prev?.emailAddresses ?? []),
    businessPhones: Array.isArray(j.businessPhones)
      ? (j.businessPhones as string[])
      : (prev?.businessPhones ?? []),
    mobilePhone: str('mobilePhone', prev?.mobilePhone ?? null),
    companyName: str('companyName', prev?.companyName ?? null),
    jobTitle: str('jobTitle', prev?.jobTitle ?? null),
    birthday: str('birthday', prev?.birthday ?? null),
    personalNotes: str('personalNotes', prev?.personalNotes ?? '') ?? '',
    createdDateTime: prev?.createdDateTime ?? now,
    lastModifiedDateTime: now,
    changeKey: 'EQAAABYAAAB' + Math.random().toString(36).slice(2, 10),
  };
}
