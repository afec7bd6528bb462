/**
 * `npm run sim:memory`: the simulator's "done when" memory check. Starts a 500-user ×
 * 2,000-message company in this process, touches every mailbox and OneDrive through Graph
 * (a page of each mailbox's Inbox, its folder tree and its drive root), fully lists a few
 * mailboxes, samples the process RSS throughout, prints the figures and one final JSON line,
 * and exits non-zero when the peak RSS reaches 2 GB. Not part of `npm test`.
 *
 *   npm run sim:memory [-- --users 500 --messages 2000 --full 40]
 */
import { startSimulator } from '../test/m365-sim/server.ts';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : def;
};
const USERS = arg('users', 500);
const MESSAGES = arg('messages', 2000);
const FULL = arg('full', 40);
const LIMIT = 2 * 1024 ** 3;
const MB = 1024 * 1024;

let peak = 0;
const sample = () => {
  const rss = process.memoryUsage().rss;
  if (rss > peak) peak = rss;
  return rss;
};
const timer = setInterval(sample, 50);
const t0 = performance.now();
const secs = () => ((performance.now() - t0) / 1000).toFixed(1);
const mb = (n: number) => Math.round(n / MB);

const sim = await startSimulator({
  port: 0,
  seed: 1,
  size: { users: USERS, messagesPerMailbox: MESSAGES },
  throttling: false,
});
const afterStart = sample();
console.log(
  `started ${USERS} users × ${MESSAGES} messages in ${secs()} s, RSS ${mb(afterStart)} MB`,
);

const tokenRes = await fetch(`${sim.url}/${sim.tenantId}/oauth2/v2.0/token`, {
  method: 'POST',
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
  }),
});
const token = ((await tokenRes.json()) as { access_token: string }).access_token;
const get = async (path: string): Promise<Record<string, unknown> | null> => {
  const res = await fetch(path.startsWith('http') ? path : `${sim.graphUrl}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) {
    await res.arrayBuffer();
    return null;
  }
  return (await res.json()) as Record<string, unknown>;
};

// every user (users with no mailbox or drive answer 404 and cost nothing)
const users: { id: string }[] = [];
for (let url: string | undefined = '/users?$select=id&$top=999'; url;) {
  const page: Record<string, unknown> | null = await get(url);
  users.push(...((page?.value as { id: string }[] | undefined) ?? []));
  url = page?.['@odata.nextLink'] as string | undefined;
}

let mailboxes = 0;
let drives = 0;
const touch = async (id: string) => {
  if (await get(`/users/${id}/mailFolders/inbox/messages?$top=10`)) mailboxes++;
  await get(`/users/${id}/mailFolders?includeHiddenFolders=true&$top=100`);
  if (await get(`/users/${id}/drive/root/children?$top=200`)) drives++;
};
const queue = [...users];
await Promise.all(
  Array.from({ length: 8 }, async () => {
    for (let u = queue.shift(); u; u = queue.shift()) await touch(u.id);
  }),
);
const afterTouch = sample();
console.log(
  `touched ${mailboxes} mailboxes and ${drives} drives of ${users.length} users in ${secs()} s, RSS ${mb(afterTouch)} MB`,
);

// a full listing of some mailboxes (every message, every page)
let listed = 0;
let fullyListed = 0;
for (const u of users) {
  if (fullyListed >= FULL) break;
  let url: string | undefined = `/users/${u.id}/messages?$select=id,subject&$top=1000`;
  let any = false;
  while (url) {
    const page: Record<string, unknown> | null = await get(url);
    if (!page) break;
    any = true;
    listed += (page.value as unknown[]).length;
    url = page['@odata.nextLink'] as string | undefined;
  }
  if (any) fullyListed++;
}
const end = sample();
console.log(
  `fully listed ${fullyListed} mailboxes (${listed} messages) in ${secs()} s, RSS ${mb(end)} MB`,
);

clearInterval(timer);
await sim.close();
const result = {
  users: USERS,
  messagesPerMailbox: MESSAGES,
  mailboxesTouched: mailboxes,
  drivesTouched: drives,
  mailboxesFullyListed: fullyListed,
  messagesListed: listed,
  rssAfterStartMB: mb(afterStart),
  rssAfterTouchMB: mb(afterTouch),
  rssEndMB: mb(end),
  peakRssMB: mb(peak),
  limitMB: mb(LIMIT),
  seconds: Number(secs()),
  ok: peak < LIMIT,
};
console.log(`peak RSS ${result.peakRssMB} MB (limit ${result.limitMB} MB)`);
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
