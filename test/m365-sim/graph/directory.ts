/** Users, groups (members, owners), organization. */
import type { Sim } from '../sim.ts';
import { setMembership, type DirectoryChange, type Group, type User } from '../tenant.ts';
import { GraphError, decodeState, encodeState, select, type Ctx, type Router } from './http.ts';
import { contextUrl, listResponse } from './paging.ts';

const USER_DEFAULT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

export function renderUser(sim: Sim, u: User): Record<string, unknown> {
  return {
    id: u.id,
    businessPhones:
      u.mailboxKind === 'user' ? [`+1 425 555 ${String(100 + u.index).padStart(4, '0')}`] : [],
    displayName: u.displayName,
    givenName: u.givenName,
    jobTitle: u.jobTitle,
    mail: u.mail,
    mobilePhone: null,
    officeLocation: u.officeLocation,
    preferredLanguage: u.mailboxKind === 'user' ? 'en-US' : null,
    surname: u.surname,
    userPrincipalName: u.userPrincipalName,
    accountEnabled: u.accountEnabled,
    ageGroup: u.ageGroup,
    city: u.city,
    companyName: u.companyName,
    country: u.country,
    department: u.department,
    usageLocation: u.usageLocation,
    createdDateTime: u.createdDateTime,
    mailNickname: u.mailNickname,
    userType: 'Member',
    assignedLicenses: u.licensed
      ? [{ disabledPlans: [], skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df' }]
      : [],
    assignedPlans: u.licensed
      ? [
          {
            assignedDateTime: u.createdDateTime,
            capabilityStatus: 'Enabled',
            service: 'exchange',
            servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
          },
          {
            assignedDateTime: u.createdDateTime,
            capabilityStatus: 'Enabled',
            service: 'SharePoint',
            servicePlanId: '5dbe027f-2339-4123-9542-606e4d348a72',
          },
          {
            assignedDateTime: u.createdDateTime,
            capabilityStatus: 'Enabled',
            service: 'TeamspaceAPI',
            servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929',
          },
        ]
      : [],
    proxyAddresses: u.mail
      ? [`SMTP:${u.mail}`, `smtp:${u.mailNickname}@${sim.tenant.initialDomain}`]
      : [],
    onPremisesSyncEnabled: null,
    deletedDateTime: null,
  };
}

function projectUser(
  ctx: Ctx,
  obj: Record<string, unknown>,
  sel = ctx.req.query.get('$select'),
): Record<string, unknown> {
  if (sel) return obj;
  const out: Record<string, unknown> = {};
  for (const k of USER_DEFAULT) out[k] = obj[k];
  return out;
}

export function renderGroup(g: Group): Record<string, unknown> {
  return {
    id: g.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: g.createdDateTime,
    creationOptions: g.isTeam
      ? ['Team', 'ExchangeProvisioningFlags:3552']
      : ['ExchangeProvisioningFlags:481'],
    description: g.description,
    displayName: g.displayName,
    expirationDateTime: null,
    groupTypes: ['Unified'],
    isAssignableToRole: null,
    mail: g.mail,
    mailEnabled: true,
    mailNickname: g.mailNickname,
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesSyncEnabled: null,
    preferredDataLocation: null,
    preferredLanguage: null,
    proxyAddresses: [`SMTP:${g.mail}`],
    renewedDateTime: g.createdDateTime,
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: g.isTeam ? ['Team'] : [],
    securityEnabled: false,
    securityIdentifier: `S-1-12-1-${g.index}`,
    theme: null,
    visibility: g.visibility,
  };
}

export function userOr404(sim: Sim, ref: string | undefined): User {
  const u = ref ? sim.tenant.user(ref) : undefined;
  if (!u)
    throw new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${ref ?? ''}' does not exist or one of its queried reference-property objects are not present.`,
    );
  return u;
}

export function groupOr404(sim: Sim, ref: string | undefined): Group {
  const g = ref ? sim.tenant.group(ref) : undefined;
  if (!g)
    throw new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${ref ?? ''}' does not exist or one of its queried reference-property objects are not present.`,
    );
  return g;
}

function checkCount(ctx: Ctx): void {
  if (
    ctx.req.query.get('$count') === 'true' &&
    (ctx.req.headers.get('consistencylevel') ?? '').toLowerCase() !== 'eventual'
  )
    throw new GraphError(400, 'Request_BadRequest', '$count is not currently supported.');
}

interface DirState {
  e: number;
  m: 'i' | 'c';
  s: number;
  u: number;
  o: number;
  sel: string | null;
  /** $expand of the initial request */
  x?: string | null;
}

type DirObject = {
  changeSeq: number;
  deleted: boolean;
  id: string;
  changes?: DirectoryChange[];
};

/** The properties a `$select`-scoped round tracks (null: all of them). */
function tracked(st: DirState): Set<string> | null {
  if (!st.sel) return null;
  const props = new Set(
    st.sel
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  );
  if (/\bmembers\b/i.test(st.x ?? '')) props.add('members');
  return props;
}

/**
 * Users and groups delta (https://learn.microsoft.com/graph/delta-query-users,
 * https://learn.microsoft.com/graph/delta-query-groups): the initial round lists every object;
 * a change round lists the objects changed in its window, and with `$select` only those whose
 * selected properties changed. Deleted objects come as `@removed` with reason `changed`
 * (they stay restorable). Groups carry `members@delta` unless `$select` leaves members out.
 */
function directoryDelta<T extends DirObject>(
  ctx: Ctx,
  all: T[],
  render: (x: T, st: DirState) => Record<string, unknown>,
  context: string,
) {
  const sim = ctx.sim;
  const q = ctx.req.query;
  const raw = q.get('$skiptoken') ?? q.get('$deltatoken');
  const now = sim.tenant.dirClock.current;
  const fresh = (m: 'i' | 'c', s: number): DirState => ({
    e: sim.tenant.dirEpoch,
    m,
    s,
    u: now,
    o: 0,
    sel: q.get('$select'),
    x: q.get('$expand'),
  });
  let st: DirState;
  if (raw === 'latest') st = fresh('c', now);
  else if (raw) {
    const d = decodeState<DirState>(raw);
    if (!d || d.e !== sim.tenant.dirEpoch) {
      // a synchronization reset: 410 Gone and the initial query in Location
      const again = new URLSearchParams();
      if (d?.sel) again.set('$select', d.sel);
      if (d?.x) again.set('$expand', d.x);
      const qs = again.toString().replace(/%24/g, '$').replace(/%2C/gi, ',');
      throw new GraphError(
        410,
        'syncStateNotFound',
        'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
        { Location: `${ctx.origin}/${ctx.version}${ctx.path}${qs ? '?' + qs : ''}` },
      );
    }
    st = d.u === -1 ? { ...d, u: now, o: 0 } : d;
  } else st = fresh('i', 0);
  const props = tracked(st);
  const lastChange = (x: T): number => {
    let last = 0;
    for (const c of x.changes ?? []) {
      if (c.seq <= st.s || c.seq > st.u) continue;
      if (c.props === '*' || !props || c.props.some((p) => props.has(p))) last = c.seq;
    }
    return last;
  };
  const rows =
    st.m === 'i'
      ? all.filter((x) => !x.deleted)
      : all
          .map((x) => ({ x, at: lastChange(x) }))
          .filter((r) => r.at > 0)
          .sort((a, b) => a.at - b.at)
          .map((r) => r.x);
  const size = ctx.pageSize(100, 999);
  const page = rows.slice(st.o, st.o + size);
  const value = page.map((x) =>
    x.deleted ? { id: x.id, '@removed': { reason: 'changed' } } : render(x, st),
  );
  const body: Record<string, unknown> = { '@odata.context': contextUrl(ctx, context), value };
  const base = `${ctx.origin}/${ctx.version}${ctx.path}`;
  if (st.o + size < rows.length)
    body['@odata.nextLink'] = `${base}?$skiptoken=${encodeState({ ...st, o: st.o + size })}`;
  else
    body['@odata.deltaLink'] =
      `${base}?$deltatoken=${encodeState({ ...st, m: 'c', s: st.u, u: -1, o: 0 })}`;
  return { status: 200, json: body };
}

/** `members@delta` of a group in a delta round (omitted when there is nothing to say). */
function membersDelta(sim: Sim, g: Group, st: DirState): Record<string, unknown>[] | undefined {
  const props = tracked(st);
  if (props && !props.has('members')) return undefined;
  let out: Record<string, unknown>[];
  if (st.m === 'i') {
    out = g.members
      .filter((id) => sim.tenant.users.some((u) => u.id === id && !u.deleted))
      .map((id) => ({ '@odata.type': '#microsoft.graph.user', id }));
  } else {
    const net = new Map<string, boolean>();
    for (const c of g.memberLog ?? []) if (c.seq > st.s && c.seq <= st.u) net.set(c.id, c.removed);
    out = [...net].map(([id, removed]) => ({
      '@odata.type': '#microsoft.graph.user',
      id,
      ...(removed ? { '@removed': { reason: 'deleted' } } : {}),
    }));
  }
  return out.length ? out : undefined;
}

export function registerDirectory(r: Router): void {
  r.get('/users', (ctx) => {
    checkCount(ctx);
    const users = ctx.sim.tenant.users.filter((u) => !u.deleted).map((u) => renderUser(ctx.sim, u));
    const res = listResponse(ctx, users, { defaultPage: 100, maxPage: 999, context: 'users' });
    const body = res.json as { value: Record<string, unknown>[] };
    body.value = body.value.map((u) => projectUser(ctx, u));
    return res;
  });
  r.get('/users/$count', (ctx) => {
    const n = ctx.sim.tenant.users.filter((u) => !u.deleted).length;
    return { status: 200, raw: Buffer.from(String(n)), contentType: 'text/plain' };
  });
  r.get('/users/delta()', (ctx) =>
    directoryDelta(
      ctx,
      ctx.sim.tenant.users,
      (u, st) => select(projectUser(ctx, renderUser(ctx.sim, u), st.sel), st.sel),
      'users',
    ),
  );
  r.get('/users/{user-id}', (ctx) => {
    const u = userOr404(ctx.sim, ctx.params['user-id']);
    const obj = select(renderUser(ctx.sim, u), ctx.req.query.get('$select'));
    return {
      status: 200,
      json: { '@odata.context': contextUrl(ctx, 'users/$entity'), ...projectUser(ctx, obj) },
    };
  });
  r.get('/users/{user-id}/mailboxSettings', (ctx) => {
    const u = userOr404(ctx.sim, ctx.params['user-id']);
    if (u.mailboxKind === 'none')
      throw new GraphError(
        404,
        'MailboxNotEnabledForRESTAPI',
        'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
      );
    return {
      status: 200,
      json: {
        '@odata.context': contextUrl(ctx, `users('${u.id}')/mailboxSettings`),
        archiveFolder: '',
        timeZone: 'UTC',
        language: { locale: 'en-US', displayName: 'English (United States)' },
        userPurpose: u.mailboxKind === 'shared' ? 'shared' : 'user',
        dateFormat: 'dd/MM/yyyy',
        timeFormat: 'HH:mm',
      },
    };
  });

  r.get('/groups', (ctx) => {
    checkCount(ctx);
    const groups = ctx.sim.tenant.groups.filter((g) => !g.deleted).map(renderGroup);
    return listResponse(ctx, groups, { defaultPage: 100, maxPage: 999, context: 'groups' });
  });
  r.get('/groups/delta()', (ctx) =>
    directoryDelta(
      ctx,
      ctx.sim.tenant.groups,
      (g, st) => {
        const out = select(renderGroup(g), st.sel);
        const members = membersDelta(ctx.sim, g, st);
        if (members) out['members@delta'] = members;
        return out;
      },
      'groups',
    ),
  );
  r.get('/groups/{group-id}', (ctx) => {
    const g = groupOr404(ctx.sim, ctx.params['group-id']);
    return {
      status: 200,
      json: {
        '@odata.context': contextUrl(ctx, 'groups/$entity'),
        ...select(renderGroup(g), ctx.req.query.get('$select')),
      },
    };
  });
  const memberList = (which: 'members' | 'owners', cast?: boolean) => (ctx: Ctx) => {
    const g = groupOr404(ctx.sim, ctx.params['group-id']);
    const users = g[which]
      .map((id) => ctx.sim.tenant.users.find((u) => u.id === id && !u.deleted))
      .filter((u): u is User => !!u)
      .map((u) => ({
        '@odata.type': '#microsoft.graph.user',
        ...projectUser(ctx, renderUser(ctx.sim, u)),
      }));
    void cast;
    return listResponse(ctx, users, {
      defaultPage: 100,
      maxPage: 999,
      context: 'directoryObjects',
    });
  };
  r.get('/groups/{group-id}/members', memberList('members'));
  r.get('/groups/{group-id}/owners', memberList('owners'));
  r.get('/groups/{group-id}/members/graph.user', memberList('members', true));
  r.get('/groups/{group-id}/owners/graph.user', memberList('owners', true));
  r.post('/groups/{group-id}/members/$ref', (ctx) => {
    const g = groupOr404(ctx.sim, ctx.params['group-id']);
    const ref = ctx.json<{ '@odata.id'?: string }>()['@odata.id'] ?? '';
    const id = ref.split('/').pop() ?? '';
    const u = userOr404(ctx.sim, id);
    if (!setMembership(ctx.sim.tenant, g, u.id, true))
      throw new GraphError(
        400,
        'Request_BadRequest',
        "One or more added object references already exist for the following modified properties: 'members'.",
      );
    return { status: 204 };
  });
  r.delete('/groups/{group-id}/members/{directoryObject-id}/$ref', (ctx) => {
    const g = groupOr404(ctx.sim, ctx.params['group-id']);
    const id = ctx.params['directoryObject-id'] ?? '';
    if (!setMembership(ctx.sim.tenant, g, id, false))
      throw new GraphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return { status: 204 };
  });

  r.get('/organization', (ctx) => {
    const t = ctx.sim.tenant;
    return listResponse(
      ctx,
      [
        {
          id: t.id,
          displayName: t.displayName,
          countryLetterCode: 'IE',
          preferredLanguage: 'en',
          tenantType: 'AAD',
          verifiedDomains: [
            {
              capabilities: 'Email, OfficeCommunicationsOnline',
              isDefault: false,
              isInitial: true,
              name: t.initialDomain,
              type: 'Managed',
            },
            {
              capabilities: 'Email, OfficeCommunicationsOnline',
              isDefault: true,
              isInitial: false,
              name: t.domain,
              type: 'Managed',
            },
          ],
          createdDateTime: '2023-01-05T10:00:00Z',
        },
      ],
      { defaultPage: 100, maxPage: 100, context: 'organization' },
    );
  });
}
