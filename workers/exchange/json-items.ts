/** Readers whose content is the item's own Graph JSON (contacts, events, tasks). */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { ItemKind, SearchText } from '../backup/types.js';
import { DELTA_PAGE_SIZE, deltaPage, itemJson, outlookHeaders, readerPage } from './graph-io.js';
import type { ReaderItem, ReaderPage } from './types.js';

export interface JsonItem {
  id: string;
  '@removed'?: unknown;
  changeKey?: string;
  [k: string]: unknown;
}

export interface JsonPageSpec {
  kind: ItemKind;
  scope: string;
  initial: string;
  meta(item: JsonItem): Record<string, unknown>;
  search(item: JsonItem): SearchText;
}

export async function readJsonPage(
  client: Client,
  folderGraphId: string,
  cursor: string | null,
  spec: JsonPageSpec,
): Promise<{ page: ReaderPage; values: JsonItem[] }> {
  const page = await deltaPage<JsonItem>(
    client,
    spec.scope,
    spec.initial,
    cursor,
    outlookHeaders(DELTA_PAGE_SIZE),
  );
  return {
    page: readerPage(page, (v) => jsonItem(spec, folderGraphId, v)),
    values: page.values,
  };
}

export function jsonItem(
  spec: Pick<JsonPageSpec, 'kind' | 'meta' | 'search'>,
  folderGraphId: string,
  v: JsonItem,
): ReaderItem {
  const bytes = itemJson(v);
  // To Do tasks have no changeKey; their etag plays the part
  const changeKey = v.changeKey ?? (v['@odata.etag'] as string | undefined);
  return {
    kind: spec.kind,
    graphId: v.id,
    folderGraphId,
    ...(changeKey ? { changeKey } : {}),
    meta: spec.meta(v),
    search: spec.search(v),
    content: () => Promise.resolve(bytes),
  };
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function emailText(v: unknown): string {
  const e = (v as { emailAddress?: { name?: string; address?: string } } | undefined)?.emailAddress;
  return [e?.name, e?.address].filter(Boolean).join(' ');
}
