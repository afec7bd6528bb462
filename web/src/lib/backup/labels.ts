// Readable names for backup values, and number formatting for backup screens.
import {
  ENTITY_STATUSES,
  EXCHANGE_SUB_SERVICES,
  SUB_SERVICE_LABELS,
} from '../../../../workers/domain/backup-values';
import type { EntityStatus, Frequency, Service, Snapshot, SubService } from '../api/backup-types';

export const STATUS_LABELS: Record<EntityStatus, string> = {
  not_active: 'Not Active',
  scheduled: 'Scheduled',
  in_process: 'In Process',
  success: 'Success',
  partial: 'Partial',
  failed: 'Failed',
  paused: 'Paused',
  archived: 'Archived',
  pending_deletion: 'Pending deletion',
};

/** Filter order of statuses; the list the Worker validates against. */
export const STATUS_ORDER: readonly EntityStatus[] = ENTITY_STATUSES;

/** A snapshot's status, also the outcome of one sub-service in it. */
export const SNAPSHOT_STATUS_LABELS: Record<Snapshot['status'], string> = {
  in_process: 'In process',
  succeeded: 'Succeeded',
  partial: 'Partially succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Colour family of a status badge (text is always shown too). */
export function statusTone(status: EntityStatus): 'ok' | 'warn' | 'bad' | 'busy' | 'idle' {
  switch (status) {
    case 'success':
      return 'ok';
    case 'partial':
    case 'pending_deletion':
      return 'warn';
    case 'failed':
      return 'bad';
    case 'in_process':
    case 'scheduled':
      return 'busy';
    default:
      return 'idle';
  }
}

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  daily: 'Daily',
  every_3_days: 'Every 3 days',
  weekly: 'Weekly',
  three_times_daily: '3 times a day',
};

export { SUB_SERVICE_LABELS };
export const SUB_SERVICES: readonly SubService[] = EXCHANGE_SUB_SERVICES;

export interface ServiceInfo {
  id: Service;
  label: string;
  available: boolean;
  description: string;
}

export const SERVICES: ServiceInfo[] = [
  {
    id: 'exchange',
    label: 'Microsoft Exchange',
    available: true,
    description: 'Mail, contacts, calendars, tasks and notes of every mailbox.',
  },
  {
    id: 'onedrive',
    label: 'Microsoft OneDrive',
    available: false,
    description: 'Files and folders of every user.',
  },
  {
    id: 'sharepoint',
    label: 'Microsoft SharePoint',
    available: false,
    description: 'Sites, document libraries and lists.',
  },
  {
    id: 'teams_groups',
    label: 'Microsoft Teams & Groups',
    available: false,
    description: 'Channels, conversations, calendars and files of teams and groups.',
  },
];

export function serviceLabel(service: string): string {
  return SERVICES.find((s) => s.id === service)?.label ?? service;
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** 0 bytes, 6.57 KB, 36.86 MB (1 KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 bytes';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(2)} ${UNITS[unit]}`;
}

export function formatCount(n: number): string {
  return new Intl.NumberFormat().format(n);
}

/** "just now", "5 minutes ago", "2 hours ago", "3 days ago". */
export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'Never';
  const ms = now - Date.parse(iso);
  if (Number.isNaN(ms)) return 'Never';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return 'just now';
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (s < 3600) return rtf.format(-Math.round(s / 60), 'minute');
  if (s < 86_400) return rtf.format(-Math.round(s / 3600), 'hour');
  return rtf.format(-Math.round(s / 86_400), 'day');
}

/** "about 3 minutes left"; "estimating…" when unknown. */
export function etaText(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating time left…';
  if (seconds < 60) return 'less than a minute left';
  if (seconds < 3600) {
    const m = Math.round(seconds / 60);
    return `about ${m} minute${m === 1 ? '' : 's'} left`;
  }
  const h = Math.round(seconds / 360) / 10;
  return `about ${h} hour${h === 1 ? '' : 's'} left`;
}
