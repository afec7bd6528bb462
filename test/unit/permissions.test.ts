import { describe, expect, it } from 'vitest';
import {
  ALL_PERMISSIONS,
  backupTaskPermission,
  effectiveTokenPermissions,
  hasAll,
  isPermission,
  PERMISSION_CATALOG,
  permissionsOfUser,
  scopesExceeding,
} from '../../workers/domain/permissions.ts';

describe('A9 permission catalogue', () => {
  it('has the nine account operations and five task operations for each of four services', () => {
    expect(ALL_PERMISSIONS).toHaveLength(9 + 5 * 4);
    expect(new Set(ALL_PERMISSIONS).size).toBe(ALL_PERMISSIONS.length);
    expect(ALL_PERMISSIONS).toContain('account.settings.view');
    expect(ALL_PERMISSIONS).toContain('security_audit.view');
    expect(ALL_PERMISSIONS).toContain('backups.exchange.execute');
    expect(ALL_PERMISSIONS).toContain('backups.teams_groups.pause');
  });

  it('labels every permission', () => {
    for (const entry of PERMISSION_CATALOG) expect(entry.label.length).toBeGreaterThan(3);
    expect(PERMISSION_CATALOG.find((p) => p.id === 'backups.onedrive.delete')?.label).toBe(
      'Delete backup tasks — Microsoft OneDrive',
    );
  });

  it('builds per-service ids', () => {
    expect(backupTaskPermission('sharepoint', 'activate')).toBe('backups.sharepoint.activate');
    expect(isPermission('backups.sharepoint.activate')).toBe(true);
    expect(isPermission('backups.dropbox.activate')).toBe(false);
  });
});

describe('permissionsOfUser', () => {
  it('gives administrators everything, whatever is stored', () => {
    expect(permissionsOfUser('administrator', [])).toEqual([...ALL_PERMISSIONS]);
  });

  it('gives custom users exactly their known permissions, in catalogue order', () => {
    expect(
      permissionsOfUser('custom', ['backups.view', 'account.settings.view', 'retired.permission']),
    ).toEqual(['account.settings.view', 'backups.view']);
  });
});

describe('token permissions', () => {
  it('are the scopes intersected with what the user holds now', () => {
    const user = permissionsOfUser('custom', ['account.settings.view', 'backups.view']);
    expect(effectiveTokenPermissions(user, ['account.settings.view', 'billing.view'])).toEqual([
      'account.settings.view',
    ]);
  });

  it('shrink when the user loses a permission', () => {
    const before = permissionsOfUser('administrator', []);
    const after = permissionsOfUser('custom', []);
    expect(effectiveTokenPermissions(before, ['billing.view'])).toEqual(['billing.view']);
    expect(effectiveTokenPermissions(after, ['billing.view'])).toEqual([]);
  });

  it('reports scopes beyond the creator’s permissions', () => {
    const user = permissionsOfUser('custom', ['backups.view']);
    expect(scopesExceeding(user, ['backups.view', 'billing.view', 'billing.view'])).toEqual([
      'billing.view',
    ]);
    expect(scopesExceeding(user, ['backups.view'])).toEqual([]);
  });
});

describe('hasAll', () => {
  it('requires every listed permission and accepts an empty requirement', () => {
    expect(hasAll(['backups.view'], [])).toBe(true);
    expect(hasAll(['backups.view'], ['backups.view'])).toBe(true);
    expect(hasAll(['backups.view'], ['backups.view', 'billing.view'])).toBe(false);
  });
});
