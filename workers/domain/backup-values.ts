/**
 * The fixed value sets of backup (services, schedules, statuses, Exchange sub-services) and
 * their readable names. Kept free of imports so the D1 schema, the Worker's validators and
 * the portal (which bundles this file) share one list: a value added here reaches all three.
 */
import { SERVICES, type Permission, type Service } from './permissions.js';

/** The services a task can back up: those of the permission model, in its order. */
export const BACKUP_SERVICES = SERVICES.map((s) => s.id) as [Service, ...Service[]];
export type BackupService = Service;

export const BACKUP_FREQUENCIES = ['daily', 'every_3_days', 'weekly', 'three_times_daily'] as const;
export type BackupFrequency = (typeof BACKUP_FREQUENCIES)[number];

export const CONNECTION_STATES = ['pending', 'connected', 'disconnected'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** In the order the portal offers them as filters. */
export const ENTITY_STATUSES = [
  'not_active',
  'scheduled',
  'in_process',
  'success',
  'partial',
  'failed',
  'paused',
  'archived',
  'pending_deletion',
] as const;
export type EntityStatus = (typeof ENTITY_STATUSES)[number];

export const MAILBOX_TYPES = ['user', 'shared', 'public_folders'] as const;

/** In the order the portal shows them (tiles, chart series). */
export const EXCHANGE_SUB_SERVICES = ['mail', 'contacts', 'calendar', 'tasks', 'notes'] as const;
export type ExchangeSubService = (typeof EXCHANGE_SUB_SERVICES)[number];

/** Used by run messages (system activity) and the portal alike. */
export const SUB_SERVICE_LABELS: Record<ExchangeSubService, string> = {
  mail: 'Mail',
  contacts: 'Contacts',
  calendar: 'Calendars',
  tasks: 'Tasks',
  notes: 'Notes',
};

export const ENTITY_ACTIONS = [
  'activate',
  'pause',
  'backup_now',
  'delete',
  'cancel_delete',
] as const;
export type EntityAction = (typeof ENTITY_ACTIONS)[number];

/** The permission each mailbox action needs: the API enforces it, the portal shows buttons by it. */
export const ENTITY_ACTION_PERMISSION = {
  activate: 'backups.exchange.activate',
  pause: 'backups.exchange.pause',
  backup_now: 'backups.exchange.execute',
  delete: 'backups.exchange.delete',
  cancel_delete: 'backups.exchange.delete',
} as const satisfies Record<EntityAction, Permission>;
