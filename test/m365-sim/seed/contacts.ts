/** A mailbox's contact folders and contacts. */
import type { ContactData, ContactFolderData } from '../model/mailbox-data.ts';
import type { Mailbox } from '../mailbox.ts';
import { Rng } from '../random.ts';
import { ItemStore } from '../store.ts';
import { DAY, WORLD_EPOCH, isoAt } from '../world.ts';
import { EXTERNAL, FIRST, LAST, asciiSlug } from './names.ts';

export interface ContactsState {
  folders: ItemStore<ContactFolderData>;
  contacts: ItemStore<ContactData>;
  defaultFolder: number;
}

export function seedContacts(mb: Mailbox): ContactsState {
  const folders = new ItemStore<ContactFolderData>(mb.clock);
  const contacts = new ItemStore<ContactData>(mb.clock);
  const def = folders.seed('', { displayName: 'Contacts', parentKey: -1 });
  const suppliers = folders.seed('', { displayName: 'Suppliers', parentKey: def.key });
  const r = Rng.of(mb.tenant.seed, mb.user.index, 'contacts');
  const n = mb.user.mailboxKind === 'user' ? 8 : 2;
  for (let i = 0; i < n; i++) {
    const given = r.pick(FIRST);
    const sur = r.pick(LAST);
    const ext = r.pick(EXTERNAL);
    const when = isoAt(WORLD_EPOCH - r.int(10, 600) * DAY);
    contacts.seed(String(i % 3 === 2 ? suppliers.key : def.key), {
      givenName: given,
      surname: sur,
      displayName: `${given} ${sur}`,
      emailAddresses: [
        {
          name: `${given} ${sur}`,
          address: `${asciiSlug(given)}.${asciiSlug(sur)}@${ext.address.split('@')[1]}`,
        },
      ],
      businessPhones: [`+1 555 01${String(r.int(10, 99))}`],
      mobilePhone: r.chance(0.5) ? `+44 7700 900${r.int(100, 999)}` : null,
      companyName: r.pick(['Northwind Freight', 'Fournisseur SA', 'Kaisha KK', null]),
      jobTitle: r.pick(['Buyer', 'Account manager', null]),
      birthday: r.chance(0.3)
        ? `19${r.int(60, 99)}-0${r.int(1, 9)}-1${r.int(0, 9)}T11:59:00Z`
        : null,
      personalNotes: r.chance(0.4) ? 'Met at the Rotterdam logistics fair — prefers e-mail.' : '',
      createdDateTime: when,
      lastModifiedDateTime: when,
      changeKey: 'EQAAABYAAAB' + i,
    });
  }
  return { folders, contacts, defaultFolder: def.key };
}
