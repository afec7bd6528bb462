// Arranges the permission catalog as the scope picker shows it: general permissions as a
// list, backup-task permissions as an operations × services matrix, anything else after.
import type { PermissionCatalog } from '../../api/types';

export interface ScopeOption {
  id: string;
  label: string;
}

export interface ScopeMatrix {
  services: { id: string; label: string }[];
  rows: { id: string; label: string; cells: (ScopeOption | null)[] }[];
}

export interface ScopeLayout {
  general: ScopeOption[];
  matrix: ScopeMatrix;
  other: ScopeOption[];
}

export function backupScopeId(service: string, operation: string): string {
  return `backups.${service}.${operation}`;
}

export function layoutScopes(catalog: PermissionCatalog): ScopeLayout {
  const byId = new Map(catalog.scopes.map((s) => [s.id, s]));
  const used = new Set<string>();
  const take = (id: string): ScopeOption | null => {
    const scope = byId.get(id);
    if (!scope) return null;
    used.add(id);
    return scope;
  };

  const general = catalog.operations
    .filter((op) => op.group === 'account')
    .map((op) => take(op.id))
    .filter((s): s is ScopeOption => s !== null);

  const rows = catalog.operations
    .filter((op) => op.group === 'backup_tasks')
    .map((op) => ({
      id: op.id,
      label: op.label,
      cells: catalog.services.map((service) => take(backupScopeId(service.id, op.id))),
    }))
    .filter((row) => row.cells.some((c) => c !== null));

  return {
    general,
    matrix: { services: rows.length ? catalog.services : [], rows },
    other: catalog.scopes.filter((s) => !used.has(s.id)),
  };
}
