/** SharePoint sites, subsites, lists and list items (with delta). */
import type { Sim } from '../sim.ts';
import type { StoredItem, Tombstone } from '../store.ts';
import { isoAt, type ListItemData, type Site, type SpList } from '../tenant.ts';
import { spo, spoDelta } from './drives.ts';
import { GraphError, select, type Ctx, type Router } from './http.ts';
import { listResponse, storeDelta } from './paging.ts';

const nf = () => new GraphError(404, 'itemNotFound', 'Item not found');

export function renderSite(s: Site): Record<string, unknown> {
  return {
    id: s.id,
    name: s.name,
    displayName: s.displayName,
    description: '',
    webUrl: s.webUrl,
    createdDateTime: s.createdDateTime,
    lastModifiedDateTime: '2025-06-20T08:00:00Z',
    siteCollection: { hostname: 'larkspur.sharepoint.com', ...(s.isRoot ? { root: {} } : {}) },
    ...(s.isRoot ? { root: {} } : {}),
  };
}

function siteOr404(ctx: Ctx): Site {
  const s = ctx.sim.tenant.site(ctx.params['site-id'] ?? '');
  if (!s) throw nf();
  return s;
}

function listOr404(ctx: Ctx): { site: Site; list: SpList } {
  const site = siteOr404(ctx);
  const ref = (ctx.params['list-id'] ?? '').toLowerCase();
  const list = site.lists.find(
    (l) => l.id === ref || l.displayName.toLowerCase() === ref || l.name.toLowerCase() === ref,
  );
  if (!list) throw new GraphError(404, 'itemNotFound', 'The specified list was not found');
  return { site, list };
}

function renderList(site: Site, l: SpList): Record<string, unknown> {
  return {
    '@odata.etag': `"${l.id},1"`,
    id: l.id,
    name: l.name,
    displayName: l.displayName,
    createdDateTime: l.createdDateTime,
    lastModifiedDateTime: '2025-06-20T08:00:00Z',
    webUrl: `${site.webUrl}/${l.template === 'documentLibrary' ? l.name.replace(/ /g, '%20') : 'Lists/' + l.name}`,
    list: { contentTypesEnabled: false, hidden: false, template: l.template },
    parentReference: { siteId: site.id },
  };
}

function renderItem(
  ctx: Ctx,
  site: Site,
  l: SpList,
  it: StoredItem<ListItemData>,
  fields: boolean,
): Record<string, unknown> {
  const id = String(it.key + 1);
  const out: Record<string, unknown> = {
    '@odata.etag': `"${l.id.slice(0, 8)}-${id},${it.data.eTagVersion}"`,
    id,
    createdDateTime: it.data.createdDateTime,
    lastModifiedDateTime: it.data.lastModifiedDateTime,
    eTag: `"${l.id.slice(0, 8)}-${id},${it.data.eTagVersion}"`,
    webUrl: `${site.webUrl}/Lists/${l.name}/${id}_.000`,
    contentType: { id: '0x0100', name: 'Item' },
    parentReference: { id: l.id, siteId: site.id },
  };
  if (fields) out.fields = { '@odata.etag': out.eTag, id, ...it.data.fields };
  return out;
}

function wantsFields(ctx: Ctx): boolean {
  return /\bfields\b/.test(ctx.req.query.get('$expand') ?? '');
}

/** /sites/{hostname}:/{server-relative-path} addressing. */
export function siteRewriter(path: string, { sim }: { sim: Sim }): string {
  const m =
    /^\/sites\/([^/:]+):(\/[^:]*):(\/.*)?$/.exec(path) ??
    /^\/sites\/([^/:]+):(\/[^:]*)()$/.exec(path);
  if (!m) return path;
  const rel = decodeURIComponent(m[2] ?? '').replace(/\/$/, '');
  const site = sim.tenant.sites.find(
    (s) =>
      !s.deleted &&
      s.webUrl.toLowerCase() === `https://${(m[1] ?? '').toLowerCase()}${rel.toLowerCase()}`,
  );
  return site
    ? `/sites/${encodeURIComponent(site.id).replace(/%2C/gi, ',')}${m[3] ?? ''}`
    : `/sites/unknown-site${m[3] ?? ''}`;
}

export function registerSites(r: Router): void {
  const one = { throttle: spo(1) };
  const two = { throttle: spo(2) };
  r.get(
    '/sites',
    (ctx) => {
      ctx.sim.tenant.materialiseGroupSites();
      const q = (ctx.req.query.get('search') ?? '').replace(/^"|"$/g, '').toLowerCase();
      const sites = ctx.sim.tenant.sites.filter(
        (s) =>
          !s.deleted &&
          (q === '' ||
            q === '*' ||
            s.displayName.toLowerCase().includes(q) ||
            s.name.toLowerCase().includes(q)),
      );
      return listResponse(ctx, sites.map(renderSite), {
        defaultPage: 200,
        maxPage: 1000,
        context: 'sites',
      });
    },
    two,
  );
  r.get(
    '/sites/getAllSites()',
    (ctx) => {
      ctx.sim.tenant.materialiseGroupSites();
      return listResponse(ctx, ctx.sim.tenant.sites.filter((s) => !s.deleted).map(renderSite), {
        defaultPage: 200,
        maxPage: 1000,
        context: 'sites',
      });
    },
    two,
  );
  r.get(
    '/sites/{site-id}',
    (ctx) => ({
      status: 200,
      json: select(renderSite(siteOr404(ctx)), ctx.req.query.get('$select')),
    }),
    one,
  );
  r.get(
    '/sites/{site-id}/sites',
    (ctx) => {
      const s = siteOr404(ctx);
      return listResponse(
        ctx,
        ctx.sim.tenant.sites.filter((x) => x.parentIndex === s.index && !x.deleted).map(renderSite),
        { defaultPage: 200, maxPage: 1000 },
      );
    },
    two,
  );
  r.get(
    '/sites/{site-id}/lists',
    (ctx) => {
      const s = siteOr404(ctx);
      return listResponse(
        ctx,
        s.lists.map((l) => renderList(s, l)),
        { defaultPage: 200, maxPage: 1000 },
      );
    },
    two,
  );
  r.get(
    '/sites/{site-id}/lists/{list-id}',
    (ctx) => {
      const { site, list } = listOr404(ctx);
      return {
        status: 200,
        json: {
          ...renderList(site, list),
          ...(/columns/.test(ctx.req.query.get('$expand') ?? '')
            ? {
                columns: list.columns.map((c) => ({
                  name: c.name,
                  displayName: c.name,
                  [c.type]: c.choices ? { choices: c.choices } : {},
                })),
              }
            : {}),
        },
      };
    },
    one,
  );
  r.get(
    '/sites/{site-id}/lists/{list-id}/items',
    (ctx) => {
      const { site, list } = listOr404(ctx);
      const f = wantsFields(ctx);
      return listResponse(
        ctx,
        list.items.all(null).map((it) => renderItem(ctx, site, list, it, f)),
        { defaultPage: 200, maxPage: 5000, noFilter: true },
      );
    },
    two,
  );
  const itemOf = (ctx: Ctx) => {
    const { site, list } = listOr404(ctx);
    const key = Number(ctx.params['listItem-id']) - 1;
    const it = Number.isInteger(key) ? list.items.get(key) : undefined;
    if (!it) throw nf();
    return { site, list, it };
  };
  r.get(
    '/sites/{site-id}/lists/{list-id}/items/{listItem-id}',
    (ctx) => {
      const { site, list, it } = itemOf(ctx);
      return { status: 200, json: renderItem(ctx, site, list, it, wantsFields(ctx)) };
    },
    one,
  );
  r.post(
    '/sites/{site-id}/lists/{list-id}/items',
    (ctx) => {
      const { site, list } = listOr404(ctx);
      if (list.template !== 'genericList')
        throw new GraphError(
          400,
          'invalidRequest',
          'Use the drive API to add files to a document library.',
        );
      const j = ctx.json<{ fields?: Record<string, string | number | boolean> }>();
      const now = isoAt(Date.now());
      const it = list.items.create('', {
        fields: j.fields ?? {},
        createdDateTime: now,
        lastModifiedDateTime: now,
        eTagVersion: 1,
      });
      return { status: 201, json: renderItem(ctx, site, list, it, true) };
    },
    two,
  );
  const patchFields = (ctx: Ctx, fields: Record<string, string | number | boolean>) => {
    const { list, it } = itemOf(ctx);
    const up = list.items.update(it.key, (d) => ({
      ...d,
      fields: { ...d.fields, ...fields },
      lastModifiedDateTime: isoAt(Date.now()),
      eTagVersion: d.eTagVersion + 1,
    }));
    if (!up) throw nf();
    return up;
  };
  r.patch(
    '/sites/{site-id}/lists/{list-id}/items/{listItem-id}',
    (ctx) => {
      const { site, list } = listOr404(ctx);
      const up = patchFields(
        ctx,
        ctx.json<{ fields?: Record<string, string | number | boolean> }>().fields ?? {},
      );
      return { status: 200, json: renderItem(ctx, site, list, up, true) };
    },
    two,
  );
  r.patch(
    '/sites/{site-id}/lists/{list-id}/items/{listItem-id}/fields',
    (ctx) => {
      const up = patchFields(ctx, ctx.json<Record<string, string | number | boolean>>());
      return { status: 200, json: { id: String(up.key + 1), ...up.data.fields } };
    },
    two,
  );
  r.delete(
    '/sites/{site-id}/lists/{list-id}/items/{listItem-id}',
    (ctx) => {
      const { list, it } = itemOf(ctx);
      list.items.delete(it.key);
      return { status: 204 };
    },
    two,
  );
  const delta = (ctx: Ctx) => {
    const { site, list } = listOr404(ctx);
    const f = wantsFields(ctx);
    return storeDelta(ctx, list.items, null, {
      render: (it) => renderItem(ctx, site, list, it, f),
      removed: (t: Tombstone) => ({ id: String(t.key + 1), deleted: { state: 'deleted' } }),
      defaultPage: 200,
      maxPage: 1000,
      style: 'drive',
      reset: new GraphError(
        410,
        'resyncRequired',
        'Resync required.',
        {},
        'resyncChangesApplyDifferences',
      ),
    });
  };
  r.get('/sites/{site-id}/lists/{list-id}/items/delta()', delta, { throttle: spoDelta });
  r.get("/sites/{site-id}/lists/{list-id}/items/delta(token='{token}')", delta, {
    throttle: spoDelta,
  });
}
