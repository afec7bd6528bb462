import type { ItemKind, SubService } from '../backup/types';

/** Which item kinds each sub-service backs up (notes are Outlook messages kept apart). */
export const KINDS_OF: Record<SubService, ItemKind[]> = {
  mail: ['message'],
  notes: ['note'],
  contacts: ['contact'],
  calendar: ['event'],
  tasks: ['task'],
};

export const SUB_SERVICE_OF: Record<ItemKind, SubService> = {
  message: 'mail',
  note: 'notes',
  contact: 'contacts',
  event: 'calendar',
  task: 'tasks',
};

/** `kind IN (…)` with placeholders, for binding the kinds of a sub-service. */
export function kindFilter(subService: SubService): { clause: string; kinds: ItemKind[] } {
  const kinds = KINDS_OF[subService];
  return { clause: `kind IN (${kinds.map(() => '?').join(', ')})`, kinds };
}
