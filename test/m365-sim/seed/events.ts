/** Calendar events, shared by user and group calendars. */
import type { EventData } from '../model/mailbox-data.ts';
import type { Address } from '../mime.ts';
import { Rng, hash32 } from '../random.ts';
import type { Tenant } from '../tenant.ts';
import { DAY, WORLD_EPOCH, addr, isoAt } from '../world.ts';

export function makeEvent(t: Tenant, organizer: Address, scopeTag: string, i: number): EventData {
  const r = Rng.of(t.seed, scopeTag, 'event', i);
  const dayOffset = r.int(-120, 60);
  const startMs = WORLD_EPOCH + dayOffset * DAY + r.int(8, 16) * 3_600_000 - 12 * 3_600_000;
  const start = new Date(startMs);
  const recurring = i % 4 === 1;
  const allDay = i % 7 === 3;
  const date = (d: Date) => d.toISOString().slice(0, 10);
  const subjects = [
    'Weekly ops sync',
    'Kundentermin Hamburg',
    '1:1',
    'Quarterly review',
    'Déjeuner équipe',
    'Fire drill',
    'Vendor call',
  ];
  const attendees = t.users.slice(0, Math.min(3, t.users.length)).map((u, n) => ({
    address: addr(u),
    type: (n === 2 ? 'optional' : 'required') as 'required' | 'optional',
  }));
  const fmt = (d: Date) =>
    d
      .toISOString()
      .replace('Z', '')
      .replace(/\.\d+$/, '.0000000');
  const s = allDay
    ? new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()))
    : start;
  const e = allDay ? new Date(s.getTime() + DAY) : new Date(startMs + 3_600_000);
  const when = isoAt(startMs - 20 * DAY);
  return {
    subject: subjects[i % subjects.length] ?? 'Meeting',
    bodyHtml: `<html><body><p>Agenda item ${i}: shipments, staffing, ünd more.</p></body></html>`,
    start: fmt(s),
    end: fmt(e),
    timeZone: 'UTC',
    isAllDay: allDay,
    location: r.pick(['Room Ørsted', 'Teams', 'Hamburg office', '']),
    attendees,
    organizer,
    recurrence: recurring
      ? {
          pattern: {
            type: 'weekly',
            interval: 1,
            daysOfWeek: [
              ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'][start.getUTCDay() % 5] ??
                'monday',
            ],
            firstDayOfWeek: 'sunday',
          },
          range: {
            type: 'endDate',
            startDate: date(s),
            endDate: date(new Date(startMs + 84 * DAY)),
            recurrenceTimeZone: 'UTC',
          },
        }
      : null,
    showAs: allDay ? 'free' : 'busy',
    importance: 'normal',
    sensitivity: i % 5 === 4 ? 'private' : 'normal',
    isOnlineMeeting: i % 3 === 0,
    createdDateTime: when,
    lastModifiedDateTime: when,
    changeKey: 'DwAAABYAAAB' + i,
    iCalUId:
      '040000008200E00074C5B7101A82E008' +
      (hash32(scopeTag, i) >>> 0).toString(16).padStart(8, '0').toUpperCase(),
  };
}
