/** A mailbox's calendars and events. */
import type { CalendarData, EventData } from '../model/mailbox-data.ts';
import type { Mailbox } from '../mailbox.ts';
import { ItemStore } from '../store.ts';
import { addr } from '../world.ts';
import { makeEvent } from './events.ts';

export interface CalendarState {
  calendars: ItemStore<CalendarData>;
  events: ItemStore<EventData>;
  defaultCalendar: number;
}

export function seedCalendar(mb: Mailbox): CalendarState {
  const calendars = new ItemStore<CalendarData>(mb.clock);
  const events = new ItemStore<EventData>(mb.clock);
  const def = calendars.seed('', { name: 'Calendar', color: 'auto', isDefault: true });
  const holidays = calendars.seed('', {
    name: 'Team holidays',
    color: 'lightGreen',
    isDefault: false,
  });
  const n = mb.user.mailboxKind === 'user' ? 8 : 1;
  for (let i = 0; i < n; i++) {
    events.seed(
      String(i === n - 1 && n > 1 ? holidays.key : def.key),
      makeEvent(mb.tenant, addr(mb.user), `u${mb.user.index}`, i),
    );
  }
  return { calendars, events, defaultCalendar: def.key };
}
