/** The Exchange readers by sub-service (C1). */
import type { ExchangeSubService } from '../backup/types.js';
import { calendarReader } from './calendar.js';
import { contactsReader } from './contacts.js';
import { mailReader } from './mail.js';
import { notesReader } from './notes.js';
import { tasksReader } from './tasks.js';
import type { ExchangeReader } from './types.js';

export const exchangeReaders: Record<ExchangeSubService, ExchangeReader> = {
  mail: mailReader,
  contacts: contactsReader,
  calendar: calendarReader,
  tasks: tasksReader,
  notes: notesReader,
};

export { DeltaResetError, ItemGoneError } from './errors.js';
export type { ExchangeReader, ReaderItem, ReaderPage } from './types.js';
