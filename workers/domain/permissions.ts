/**
 * The A9 permission model: roles, operations and services, and the one function that
 * computes what a principal may do. Pure — no bindings — so it is unit-tested in Node and
 * shared by the authorization middleware, the token service and GET /permissions.
 */

export const ROLES = ['administrator', 'custom'] as const;
export type Role = (typeof ROLES)[number];

/** Account-wide operations ("General" in the user guide's matrix). */
export const ACCOUNT_OPERATIONS = [
  { id: 'account.settings.view', label: 'View account settings' },
  { id: 'account.settings.manage', label: 'Manage account settings' },
  { id: 'billing.view', label: 'View billing and manage payment details' },
  { id: 'billing.notifications.view', label: 'View billing notifications' },
  { id: 'support.view', label: 'View support' },
  { id: 'activity.view', label: 'View account activity' },
  { id: 'security_audit.view', label: 'View security audit' },
  { id: 'notifications.manage', label: 'Manage notifications' },
  { id: 'backups.view', label: 'View backups' },
] as const;

/** Backup-task operations, granted per service ("Backup Tasks" × "Services"). */
export const BACKUP_TASK_OPERATIONS = [
  { id: 'activate', label: 'Activate new backup tasks' },
  { id: 'modify', label: 'Modify backup tasks' },
  { id: 'delete', label: 'Delete backup tasks' },
  { id: 'pause', label: 'Pause backup tasks' },
  { id: 'execute', label: 'Execute backup tasks' },
] as const;

export const SERVICES = [
  { id: 'exchange', label: 'Microsoft Exchange' },
  { id: 'onedrive', label: 'Microsoft OneDrive' },
  { id: 'sharepoint', label: 'Microsoft SharePoint' },
  { id: 'teams_groups', label: 'Microsoft Groups / Teams' },
] as const;

export type AccountOperation = (typeof ACCOUNT_OPERATIONS)[number]['id'];
export type BackupTaskOperation = (typeof BACKUP_TASK_OPERATIONS)[number]['id'];
export type Service = (typeof SERVICES)[number]['id'];
export type Permission = AccountOperation | `backups.${Service}.${BackupTaskOperation}`;

export function backupTaskPermission(service: Service, operation: BackupTaskOperation): Permission {
  return `backups.${service}.${operation}`;
}

/** Every permission with a human label, in matrix order (account first, then per service). */
export const PERMISSION_CATALOG: ReadonlyArray<{ id: Permission; label: string }> = [
  ...ACCOUNT_OPERATIONS.map((op) => ({ id: op.id, label: op.label })),
  ...SERVICES.flatMap((service) =>
    BACKUP_TASK_OPERATIONS.map((op) => ({
      id: backupTaskPermission(service.id, op.id),
      label: `${op.label} — ${service.label}`,
    })),
  ),
];

export const ALL_PERMISSIONS: readonly Permission[] = PERMISSION_CATALOG.map((p) => p.id);

const KNOWN = new Set<string>(ALL_PERMISSIONS);

export function isPermission(value: string): value is Permission {
  return KNOWN.has(value);
}

/**
 * Permissions stored for a user. Administrators hold everything, including permissions
 * added after the row was written, so their stored list is ignored; unknown ids in a
 * custom list (e.g. a permission later retired) are dropped rather than trusted.
 */
export function permissionsOfUser(role: Role, stored: readonly string[]): Permission[] {
  if (role === 'administrator') return [...ALL_PERMISSIONS];
  const granted = new Set(stored);
  return ALL_PERMISSIONS.filter((p) => granted.has(p));
}

/**
 * What an API token may do: its scopes, but never more than its user may do *now* — a
 * user whose role is narrowed narrows every token they minted without touching the tokens.
 */
export function effectiveTokenPermissions(
  userPermissions: readonly Permission[],
  scopes: readonly string[],
): Permission[] {
  const scoped = new Set(scopes);
  return userPermissions.filter((p) => scoped.has(p));
}

export function hasAll(granted: readonly Permission[], required: readonly Permission[]): boolean {
  const set = new Set(granted);
  return required.every((p) => set.has(p));
}

/** Scopes a user may put on a new token: a subset of what they hold, deduplicated. */
export function scopesExceeding(
  userPermissions: readonly Permission[],
  scopes: readonly string[],
): string[] {
  const held = new Set<string>(userPermissions);
  return [...new Set(scopes)].filter((s) => !held.has(s));
}
