import type { ItemKind } from '../backup/types';
import type { ItemMeta, SnapshotItem } from './types';

/**
 * How an item version is read back as a SnapshotItem, shared by snapshot listing and search
 * so both return the same shape. `alias` is the table's alias in a join (`i.`), or empty.
 */

/** A version is in snapshot `seq` when it began at or before it and ended after it. */
export function inSnapshot(alias = ''): string {
  return `${alias}from_seq <= ? AND (${alias}to_seq IS NULL OR ${alias}to_seq > ?)`;
}

export function itemColumns(alias = ''): string {
  return ['graph_id', 'folder_graph_id', 'kind', 'sha256', 'size', 'chunks', 'meta']
    .map((c) => `${alias}${c}`)
    .join(', ');
}

export interface ItemRow extends Record<string, SqlStorageValue> {
  graph_id: string;
  folder_graph_id: string;
  kind: string;
  sha256: string;
  size: number;
  chunks: string;
  meta: string;
}

export function toSnapshotItem(r: ItemRow): SnapshotItem {
  return {
    graphId: r.graph_id,
    folderGraphId: r.folder_graph_id,
    kind: r.kind as ItemKind,
    sha256: r.sha256,
    size: r.size,
    chunks: JSON.parse(r.chunks) as string[],
    meta: JSON.parse(r.meta) as ItemMeta,
  };
}
