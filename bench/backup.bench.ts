/**
 * `npm run bench:backup [-- --mailboxes N --messages M]`: a full Exchange backup of the
 * simulated tenant (default 50 licensed user mailboxes × 1,000 messages) through the
 * product's API on the local stack, an incremental run of the unchanged tenant, and the same
 * mail backed up by a naive sequential Graph client, with Microsoft's Outlook limits scaled
 * identically in the simulator and in the product's governor.
 *
 * Figures: items/s and MB/s; per mailbox, achieved request rate ÷ allowed rate (from the
 * simulator's request log: requests the Outlook window counted, over the time from the
 * mailbox's first to its last request); 429s; stored bytes ÷ source bytes (backupBytes of the
 * mailboxes ÷ the MIME/JSON bytes of their snapshots); Graph requests per mailbox of the
 * incremental run and its delta calls ÷ scopes (folders × sub-services); the baseline's time
 * and items/s and the product ÷ baseline ratios. The last line is one JSON object.
 *
 * Options: --mailboxes N, --messages M, --rate R (allowed requests/s per mailbox),
 * --parallel P (BACKUP_MAX_PARTS_PER_TENANT; the baseline runs as many mailboxes side by side),
 * --baseline-seconds S (instead of the baseline's full run: sequential, no further mailbox
 * after S s, the rest projected linearly — a quick try).
 */
import { parseArgs } from 'node:util';
import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_TENANT_ID,
} from '../test/m365-sim/app-registration.ts';
import { startLocalStack, type LocalStack } from '../test/helpers/node/local-stack.ts';
import { runNaiveBaseline } from './lib/naive-baseline.ts';
import { enterPrivateTree } from './lib/private-tree.ts';
import {
  PortalClient,
  createConnectedTask,
  listEntities,
  waitForRun,
  type EntityDetail,
} from './lib/portal-client.ts';
import {
  rateRatio,
  readSimLog,
  resetSimWindows,
  simLogMark,
  trafficByMailbox,
  type MailboxTraffic,
  type SimLogEntry,
} from './lib/sim-log.ts';
import { percentile, round } from './lib/stats.ts';

/** Microsoft's Outlook window (10 minutes) is compressed by this factor in the simulator. */
const TIME_SCALE = 10;
const OUTLOOK_WINDOW_MS = 600_000;
const WINDOW_MS = OUTLOOK_WINDOW_MS / TIME_SCALE;

export interface BackupBenchOptions {
  mailboxes?: number;
  messages?: number;
  /** Allowed Graph requests per second per mailbox (simulator and governor alike). */
  rate?: number;
  /** BACKUP_MAX_PARTS_PER_TENANT: mailboxes in flight at once (one part each). */
  parallel?: number;
  /** Measure the baseline sequentially for this long and project (default: run it in full). */
  baselineSeconds?: number;
}

export const BACKUP_BENCH_DEFAULTS = {
  mailboxes: 50,
  messages: 1000,
  rate: 5,
  parallel: 10,
} as const;

/** Seeded users needed for `n` licensed user mailboxes (see test/m365-sim/seed/users.ts). */
export function usersFor(licensedMailboxes: number): number {
  // The last two users are the shared mailbox and the PublicFoldersAccount; person i is
  // unlicensed when i % 9 === 4.
  for (let users = 4; ; users++) {
    let licensed = 0;
    for (let i = 0; i < users - 2; i++) if (i % 9 !== 4) licensed++;
    if (licensed >= licensedMailboxes) return users;
  }
}

const mb = (bytes: number) => bytes / 1e6;

export async function runBackupBench(
  options: BackupBenchOptions = {},
): Promise<Record<string, number | boolean | string>> {
  const o = { ...BACKUP_BENCH_DEFAULTS, ...options };
  const requestsPerWindow = Math.round(o.rate * (WINDOW_MS / 1000));
  const allowedPerSecond = requestsPerWindow / (WINDOW_MS / 1000);
  const users = usersFor(o.mailboxes);

  console.log('Exchange backup benchmark (local stack, simulated tenant)');
  console.log(
    `  tenant: ${users} users → ${o.mailboxes} licensed user mailboxes backed up, ` +
      `${o.messages} messages each`,
  );
  console.log(
    `  Outlook limit, scaled: ${requestsPerWindow} requests / ${WINDOW_MS / 1000} s per mailbox ` +
      `(= ${allowedPerSecond} req/s; Microsoft: 10,000 / 600 s = 16.7 req/s, window ÷ ${TIME_SCALE}, ` +
      `count ÷ ${round(10_000 / requestsPerWindow, 1)}), 4 concurrent — simulator limits and ` +
      `GRAPH_MAILBOX_REQUESTS / GRAPH_MAILBOX_WINDOW_MS alike`,
  );
  console.log(
    `  ${o.parallel} mailboxes in flight (BACKUP_MAX_PARTS_PER_TENANT) × ${allowedPerSecond} req/s = ` +
      `${o.parallel * allowedPerSecond} req/s allowed in total. Why: the local Worker is one workerd thread ` +
      `and saturates near 45 Graph req/s (≈ 40 items/s: this tenant's mail averages ~60 KB with some ` +
      `multi-MB attachments, all compressed and encrypted); the local queue runs one batch of ≤ 10 ` +
      `messages (max_batch_size) at a time, so 10 parts in flight all share it. At ${o.parallel} × ` +
      `${allowedPerSecond} the governor, not the machine, sets each mailbox's pace (16 × 5 measured 0.53).`,
  );

  let stack: LocalStack | undefined;
  let tree: Awaited<ReturnType<typeof enterPrivateTree>> | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await stack?.stop();
      await tree?.leave();
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the local stack…`);
    void stop().finally(() => process.exit(130));
  };
  // Modules we load (wrangler among them) exit on SIGINT/SIGTERM straight away, which would
  // skip our cleanup: while the benchmark runs, ours are the only handlers.
  const saved = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const listeners = process.listeners(signal);
    process.removeAllListeners(signal);
    process.once(signal, onSignal);
    return { signal, listeners };
  });

  try {
    const t0 = performance.now();
    // Others' `vite build` in this checkout would reload the Worker and lose queued parts.
    tree = await enterPrivateTree();
    stack = await startLocalStack({
      simulator: true,
      seedDemo: true,
      logLevel: (process.env.BENCH_LOG_LEVEL as 'info' | undefined) ?? 'warn',
      simulatorOptions: {
        size: { users, messagesPerMailbox: o.messages },
        timeScale: TIME_SCALE,
        limits: { mailboxRequests: requestsPerWindow },
      },
      vars: {
        GRAPH_MAILBOX_REQUESTS: String(requestsPerWindow),
        GRAPH_MAILBOX_WINDOW_MS: String(WINDOW_MS),
        BACKUP_MAX_PARTS_PER_TENANT: String(o.parallel),
      },
    });
    const simUrl = stack.simUrl!;
    console.log(
      `  local stack up in ${((performance.now() - t0) / 1000).toFixed(1)} s: ` +
        `Worker ${stack.url}, simulator ${simUrl}`,
    );

    // Sign in, add the Exchange task, consent, discovery (all through the API).
    const api = await PortalClient.signIn(stack.url, stack.demo!.email, stack.demo!.password);
    const taskId = await createConnectedTask(api, 'Benchmark mailboxes');
    // Keep the schedule away from the benchmark: backups run at an hour 12 hours off.
    await api.patch(`/tasks/${taskId}`, { backupHour: (new Date().getUTCHours() + 12) % 24 });
    const licensed = (await listEntities(api, taskId, { licensing: 'licensed' }))
      .filter((e) => e.type === 'user')
      .slice(0, o.mailboxes);
    if (licensed.length < o.mailboxes) {
      throw new Error(`only ${licensed.length} licensed user mailboxes were discovered`);
    }
    const ids = licensed.map((e) => e.id);
    await api.post(`/tasks/${taskId}/entities/actions`, { action: 'activate', entityIds: ids });

    const backupNow = async (label: string) => {
      const mark = await simLogMark(simUrl);
      const started = performance.now();
      const res: { updated: number; runId: string | null } = await api.post(
        `/tasks/${taskId}/entities/actions`,
        { action: 'backup_now', entityIds: ids },
      );
      if (!res.runId || res.updated !== ids.length) {
        throw new Error(`${label}: backup_now started ${res.updated} mailboxes (${res.runId})`);
      }
      await waitForRun(api, taskId, res.runId, { timeoutMs: 40 * 60_000, label });
      const seconds = (performance.now() - started) / 1000;
      const { entries } = await readSimLog(simUrl, mark);
      return { seconds, entries };
    };

    // ---- full backup
    console.log('Full backup…');
    const full = await backupNow('full');
    const afterFull = await listEntities(api, taskId, { licensing: 'licensed' });
    const mine = afterFull.filter((e) => ids.includes(e.id));
    const details = await Promise.all(
      mine.map((e) => api.get<EntityDetail>(`/entities/${encodeURIComponent(e.id)}`)),
    );
    const notSucceeded = mine.filter((e) => e.status !== 'success');
    const items = sum(mine.map((e) => e.itemCount));
    const storedBytes = sum(mine.map((e) => e.backupBytes));
    const sourceBytes = sum(details.map((d) => d.snapshots[0]?.bytes ?? 0));
    const mailItems = sum(
      details.map((d) =>
        sum(
          d.subServices
            .filter((s) => s.subService === 'mail' || s.subService === 'notes')
            .map((s) => s.items),
        ),
      ),
    );
    const fullTraffic = trafficByMailbox(full.entries);
    const ratios = [...fullTraffic.values()]
      .map((m) => rateRatio(m, allowedPerSecond))
      .filter((r) => Number.isFinite(r));
    const pooled = pooledRatio([...fullTraffic.values()], allowedPerSecond);
    const full429 = count429(full.entries);
    const fullRequests = sum([...fullTraffic.values()].map((m) => m.requests));
    if (notSucceeded.length > 0) {
      console.log(
        `  ${notSucceeded.length} mailbox(es) did not succeed: ` +
          notSucceeded
            .slice(0, 5)
            .map((e) => `${e.email} ${e.status} ${e.statusReason ?? ''}`)
            .join('; '),
      );
    }

    // ---- incremental of the unchanged tenant
    console.log('Incremental backup of the unchanged tenant…');
    const incr = await backupNow('incremental');
    const incrTraffic = trafficByMailbox(incr.entries);
    const perMailbox = [...incrTraffic.values()].map((m) => m.requests);
    const deltaPerMailbox = [...incrTraffic.values()].map((m) => sum([...m.deltaByScope.values()]));
    let deltaCalls = 0;
    let scopes = 0;
    let worstDeltaPerScope = 0;
    for (const [mailbox, f] of fullTraffic) {
      const inc = incrTraffic.get(mailbox);
      scopes += f.deltaByScope.size;
      for (const scope of f.deltaByScope.keys()) {
        const n = inc?.deltaByScope.get(scope) ?? 0;
        deltaCalls += n;
        worstDeltaPerScope = Math.max(worstDeltaPerScope, n);
      }
      // delta calls on a scope the full run did not have (should be none)
      for (const [scope, n] of inc?.deltaByScope ?? []) {
        if (!f.deltaByScope.has(scope)) deltaCalls += n;
      }
    }
    const incr429 = count429(incr.entries);

    // ---- naive baseline
    const projected = o.baselineSeconds !== undefined;
    console.log(
      projected
        ? `Naive baseline (sequential per-item fetch with the Graph SDK), ${o.baselineSeconds} s then projected…`
        : `Naive baseline (sequential per-item fetch with the Graph SDK), every mailbox, ${o.parallel} side by side…`,
    );
    await resetSimWindows(simUrl);
    const baseMark = await simLogMark(simUrl);
    const base = await runNaiveBaseline({
      simUrl,
      tenantId: DEMO_TENANT_ID,
      clientId: DEMO_CLIENT_ID,
      clientSecret: DEMO_CLIENT_SECRET,
      mailboxes: mine.map((e) => e.email),
      budgetMs: projected ? o.baselineSeconds! * 1000 : Number.POSITIVE_INFINITY,
      parallel: projected ? 1 : o.parallel,
      log: (line) => console.log(line),
    });
    const base429 = count429((await readSimLog(simUrl, baseMark)).entries);
    const baseItemsPerS = base.items / (base.elapsedMs / 1000);
    // In full, the time is the measured time; sequential and cut short, the measured
    // mailboxes' time × N / done.
    const baseProjectedS = (base.elapsedMs / 1000) * (mine.length / base.mailboxesDone);

    const productItemsPerS = items / full.seconds;
    const figures = {
      mailboxes: mine.length,
      messages_per_mailbox: o.messages,
      allowed_req_per_s_per_mailbox: allowedPerSecond,
      mailboxes_in_flight: o.parallel,
      full_seconds: round(full.seconds, 1),
      full_items: items,
      full_mail_items: mailItems,
      full_source_mb: round(mb(sourceBytes), 1),
      full_items_per_s: round(productItemsPerS, 1),
      full_mb_per_s: round(mb(sourceBytes) / full.seconds, 2),
      full_mailboxes_not_succeeded: notSucceeded.length,
      full_graph_requests: fullRequests,
      rate_ratio_mean: round(mean(ratios), 3),
      rate_ratio_p50: round(percentile(ratios, 50), 3),
      rate_ratio_min: round(Math.min(...ratios), 3),
      rate_ratio_pooled: round(pooled, 3),
      full_429s: full429,
      stored_over_source: round(storedBytes / sourceBytes, 3),
      stored_mb: round(mb(storedBytes), 1),
      incremental_seconds: round(incr.seconds, 1),
      incremental_requests_per_mailbox: round(mean(perMailbox), 1),
      incremental_requests_per_mailbox_max: Math.max(...perMailbox),
      incremental_delta_requests_per_mailbox: round(mean(deltaPerMailbox), 1),
      incremental_folder_listing_requests_per_mailbox: round(
        mean(perMailbox) - mean(deltaPerMailbox),
        1,
      ),
      incremental_delta_calls: deltaCalls,
      incremental_scopes: scopes,
      incremental_delta_calls_per_scope: round(deltaCalls / scopes, 3),
      incremental_delta_calls_per_scope_max: worstDeltaPerScope,
      incremental_429s: incr429,
      baseline_full_run: base.mailboxesDone === mine.length,
      baseline_mailboxes_in_flight: projected ? 1 : o.parallel,
      baseline_mailboxes_measured: base.mailboxesDone,
      baseline_items_measured: base.items,
      baseline_failed_items: base.failedItems,
      baseline_seconds_measured: round(base.elapsedMs / 1000, 1),
      baseline_seconds_projected: round(baseProjectedS, 1),
      baseline_items_per_s: round(baseItemsPerS, 1),
      baseline_mb_per_s: round(mb(base.bytes) / (base.elapsedMs / 1000), 2),
      baseline_429s: base429,
      product_over_baseline_time: round(full.seconds / baseProjectedS, 4),
      product_over_baseline_items_per_s: round(productItemsPerS / baseItemsPerS, 2),
    };

    console.log('Results');
    print(
      'full backup',
      `${items} items (${mailItems} mail+notes) of ${mine.length} mailboxes in ${figures.full_seconds} s: ` +
        `${figures.full_items_per_s} items/s, ${figures.full_mb_per_s} MB/s (${figures.full_source_mb} MB source)`,
    );
    print(
      'request rate ÷ allowed',
      `mean ${figures.rate_ratio_mean}, median ${figures.rate_ratio_p50}, min ${figures.rate_ratio_min}, ` +
        `pooled ${figures.rate_ratio_pooled} (goal ≥ 0.8; the governor aims at 0.95)`,
    );
    print(
      '429s received',
      `${full429} in the full run, ${incr429} in the incremental (goal 0, none injected)`,
    );
    print(
      'stored ÷ source bytes',
      `${figures.stored_over_source} (${figures.stored_mb} MB stored of ${figures.full_source_mb} MB)`,
    );
    print(
      'incremental, unchanged',
      `${figures.incremental_seconds} s, ${figures.incremental_requests_per_mailbox} Graph requests per mailbox ` +
        `(max ${figures.incremental_requests_per_mailbox_max}: ${figures.incremental_delta_requests_per_mailbox} delta, ` +
        `${figures.incremental_folder_listing_requests_per_mailbox} folder listing); delta calls ÷ scopes = ${deltaCalls} ÷ ${scopes} = ` +
        `${figures.incremental_delta_calls_per_scope} (max ${worstDeltaPerScope} on one scope; goal ≤ 1)`,
    );
    print(
      'naive baseline',
      `${base.items} items of ${base.mailboxesDone} mailbox(es) in ${figures.baseline_seconds_measured} s: ` +
        `${figures.baseline_items_per_s} items/s, ${base429} 429s, ${base.failedItems} failed; ` +
        (base.mailboxesDone === mine.length
          ? `all ${mine.length} mailboxes, ${figures.baseline_mailboxes_in_flight} side by side, run in full`
          : `all ${mine.length} mailboxes (sequential) ≈ ${figures.baseline_seconds_projected} s (projected)`),
    );
    print(
      'product ÷ baseline',
      `time ${figures.product_over_baseline_time}, items/s ${figures.product_over_baseline_items_per_s}×`,
    );
    return figures;
  } finally {
    await stop();
    for (const { signal, listeners } of saved) {
      process.off(signal, onSignal);
      for (const listener of listeners) process.on(signal, listener);
    }
  }
}

function print(name: string, value: string): void {
  console.log(`  ${name.padEnd(24)} ${value}`);
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function mean(xs: number[]): number {
  return xs.length === 0 ? Number.NaN : sum(xs) / xs.length;
}

function pooledRatio(traffic: MailboxTraffic[], allowedPerSecond: number): number {
  const requests = sum(traffic.map((m) => Math.max(0, m.requests - 1)));
  const seconds = sum(traffic.map((m) => (m.lastMs - m.firstMs) / 1000));
  return seconds > 0 ? requests / seconds / allowedPerSecond : Number.NaN;
}

function count429(entries: SimLogEntry[]): number {
  return entries.filter((e) => e.status === 429).length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      mailboxes: { type: 'string' },
      messages: { type: 'string' },
      rate: { type: 'string' },
      parallel: { type: 'string' },
      'baseline-seconds': { type: 'string' },
    },
  });
  const num = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} takes a positive number`);
    return n;
  };
  const figures = await runBackupBench({
    ...definedOnly({
      mailboxes: num(values.mailboxes, 'mailboxes'),
      messages: num(values.messages, 'messages'),
      rate: num(values.rate, 'rate'),
      parallel: num(values.parallel, 'parallel'),
      baselineSeconds: num(values['baseline-seconds'], 'baseline-seconds'),
    }),
  });
  console.log(JSON.stringify(figures));
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
