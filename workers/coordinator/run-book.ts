/**
 * Synchronous bookkeeping of runs and parts in the coordinator's SQLite. Each method is one
 * step of the state machine with no `await` inside, so concurrent RPC calls (which interleave
 * at every await in a Durable Object) can never both claim the same part or both finalise the
 * same entity.
 */
import type { SubServiceOutcome } from '../db/backup-schema';
import { EXCHANGE_SUB_SERVICES, type SubService } from '../backup/types';
import { toPart, toRun, type PartRow, type RunRow } from './state';

export interface PartKey {
  runId: string;
  entityId: string;
  subService: SubService;
}

export class RunBook {
  constructor(private readonly sql: SqlStorage) {}

  /** Next snapshot sequence numbers for these entities (never reused, even after a crash). */
  allocateSeqs(entityIds: string[], floor: Map<string, number>): Map<string, number> {
    const out = new Map<string, number>();
    for (const id of entityIds) {
      const row = this.sql
        .exec(`SELECT last_seq FROM entity_seq WHERE entity_id = ?`, id)
        .toArray()[0];
      const seq = Math.max(row ? Number(row.last_seq) : 0, floor.get(id) ?? 0) + 1;
      this.sql.exec(
        `INSERT INTO entity_seq (entity_id, last_seq) VALUES (?, ?)
         ON CONFLICT (entity_id) DO UPDATE SET last_seq = excluded.last_seq`,
        id,
        seq,
      );
      out.set(id, seq);
    }
    return out;
  }

  /** Entities of `entityIds` already part of a running run of the task. */
  entitiesInFlight(taskId: string): Set<string> {
    const rows = this.sql
      .exec(
        `SELECT e.entity_id FROM run_entities e JOIN runs r ON r.run_id = e.run_id
         WHERE r.task_id = ? AND r.status = 'running' AND e.state = 'open'`,
        taskId,
      )
      .toArray();
    return new Set(rows.map((r) => String(r.entity_id)));
  }

  createRun(
    run: Omit<RunRow, 'status' | 'entitiesDone'>,
    entities: Array<{ id: string; seq: number }>,
    subServices: readonly SubService[] = EXCHANGE_SUB_SERVICES,
  ): void {
    this.sql.exec(
      `INSERT INTO runs (run_id, task_id, trigger, started_at, status, entities_total)
       VALUES (?, ?, ?, ?, 'running', ?)`,
      run.runId,
      run.taskId,
      run.trigger,
      run.startedAt,
      run.entitiesTotal,
    );
    for (const e of entities) {
      this.sql.exec(
        `INSERT INTO run_entities (run_id, entity_id, seq, state) VALUES (?, ?, ?, 'open')`,
        run.runId,
        e.id,
        e.seq,
      );
      subServices.forEach((s, ord) => {
        this.sql.exec(
          `INSERT INTO parts (run_id, entity_id, sub_service, ord, seq, state)
           VALUES (?, ?, ?, ?, ?, 'pending')`,
          run.runId,
          e.id,
          s,
          ord,
          e.seq,
        );
      });
    }
  }

  /**
   * Claims up to `capacity` pending parts, at most one per entity in flight (the Graph
   * governor's 4-request concurrency is per mailbox and lives in one consumer at a time).
   */
  claim(maxInFlight: number, now: number): PartRow[] {
    const inFlight = Number(
      this.sql.exec(`SELECT count(*) AS n FROM parts WHERE state = 'queued'`).one().n,
    );
    let capacity = maxInFlight - inFlight;
    if (capacity <= 0) return [];
    const busy = new Set(
      this.sql
        .exec(`SELECT DISTINCT entity_id FROM parts WHERE state = 'queued'`)
        .toArray()
        .map((r) => String(r.entity_id)),
    );
    const claimed: PartRow[] = [];
    const candidates = this.sql
      .exec(
        `SELECT p.* FROM parts p JOIN runs r ON r.run_id = p.run_id
         WHERE p.state = 'pending' AND r.status = 'running'
         ORDER BY r.started_at, p.entity_id, p.ord`,
      )
      .toArray();
    for (const row of candidates) {
      if (capacity === 0) break;
      const part = toPart(row);
      if (busy.has(part.entityId)) continue;
      busy.add(part.entityId);
      this.sql.exec(
        `UPDATE parts SET state = 'queued', queued_at = ?, beat_at = ? WHERE run_id = ? AND entity_id = ? AND sub_service = ?`,
        now,
        now,
        part.runId,
        part.entityId,
        part.subService,
      );
      claimed.push({ ...part, state: 'queued' });
      capacity--;
    }
    return claimed;
  }

  /** A send failed: the parts go back to pending so the next dispatch retries them. */
  unclaim(parts: PartRow[]): void {
    for (const p of parts) {
      this.sql.exec(
        `UPDATE parts SET state = 'pending', queued_at = NULL
         WHERE run_id = ? AND entity_id = ? AND sub_service = ? AND state = 'queued'`,
        p.runId,
        p.entityId,
        p.subService,
      );
    }
  }

  part(key: PartKey): (PartRow & { queuedAt: number | null }) | null {
    const row = this.sql
      .exec(
        `SELECT * FROM parts WHERE run_id = ? AND entity_id = ? AND sub_service = ?`,
        key.runId,
        key.entityId,
        key.subService,
      )
      .toArray()[0];
    if (!row) return null;
    return { ...toPart(row), queuedAt: row.queued_at === null ? null : Number(row.queued_at) };
  }

  /** The part's consumer is alive (a slice started or committed a page). */
  touch(key: PartKey, now: number): void {
    this.updatePart(key, `beat_at = ${Math.floor(now)}`);
  }

  /**
   * Parts in flight whose consumer has shown no sign of life for `silentMs`: their message
   * was lost or acknowledged without finishing. Sending them again is safe (commits are
   * guarded by cursor), and their heartbeat is reset so they are not resent on every pass.
   */
  reclaimSilent(now: number, silentMs: number): PartRow[] {
    const rows = this.sql
      .exec(
        `SELECT p.* FROM parts p JOIN runs r ON r.run_id = p.run_id
         WHERE p.state = 'queued' AND r.status = 'running' AND p.beat_at < ?`,
        now - silentMs,
      )
      .toArray()
      .map(toPart);
    for (const p of rows) this.touch(p, now);
    return rows;
  }

  markPlanned(key: PartKey): void {
    this.updatePart(key, `planned = 1`);
  }

  addProgress(key: PartKey, items: number, bytes: number): void {
    this.sql.exec(
      `UPDATE parts SET items = items + ?, bytes = bytes + ?
       WHERE run_id = ? AND entity_id = ? AND sub_service = ? AND state = 'queued'`,
      items,
      bytes,
      key.runId,
      key.entityId,
      key.subService,
    );
  }

  noteError(key: PartKey, message: string): void {
    this.sql.exec(
      `UPDATE parts SET last_error = ? WHERE run_id = ? AND entity_id = ? AND sub_service = ?`,
      message.slice(0, 500),
      key.runId,
      key.entityId,
      key.subService,
    );
  }

  /**
   * Records a part's outcome. Returns the entity to finalise when this was its last open
   * part (and marks it finalising, so only one caller ever gets it), otherwise null.
   */
  finishPart(key: PartKey, outcome: SubServiceOutcome): { seq: number } | null {
    const part = this.part(key);
    if (!part || part.state === 'done' || part.state === 'cancelled') return null;
    this.sql.exec(
      `UPDATE parts SET state = 'done', outcome = ?, items = ?, bytes = ?
       WHERE run_id = ? AND entity_id = ? AND sub_service = ?`,
      JSON.stringify(outcome),
      outcome.items,
      outcome.storedBytes,
      key.runId,
      key.entityId,
      key.subService,
    );
    return this.claimEntityFinalisation(key.runId, key.entityId);
  }

  private claimEntityFinalisation(runId: string, entityId: string): { seq: number } | null {
    const open = Number(
      this.sql
        .exec(
          `SELECT count(*) AS n FROM parts WHERE run_id = ? AND entity_id = ? AND state IN ('pending', 'queued')`,
          runId,
          entityId,
        )
        .one().n,
    );
    if (open > 0) return null;
    const entity = this.sql
      .exec(
        `SELECT seq, state FROM run_entities WHERE run_id = ? AND entity_id = ?`,
        runId,
        entityId,
      )
      .toArray()[0];
    if (!entity || entity.state !== 'open') return null;
    this.sql.exec(
      `UPDATE run_entities SET state = 'done' WHERE run_id = ? AND entity_id = ?`,
      runId,
      entityId,
    );
    this.sql.exec(`UPDATE runs SET entities_done = entities_done + 1 WHERE run_id = ?`, runId);
    return { seq: Number(entity.seq) };
  }

  partsOf(runId: string, entityId: string): PartRow[] {
    return this.sql
      .exec(`SELECT * FROM parts WHERE run_id = ? AND entity_id = ? ORDER BY ord`, runId, entityId)
      .toArray()
      .map(toPart);
  }

  run(runId: string): RunRow | null {
    const row = this.sql.exec(`SELECT * FROM runs WHERE run_id = ?`, runId).toArray()[0];
    return row ? toRun(row) : null;
  }

  /** Marks the run finished once every entity is done; true for the one caller that did it. */
  claimRunFinish(runId: string): boolean {
    const run = this.run(runId);
    if (!run || run.status !== 'running' || run.entitiesDone < run.entitiesTotal) return false;
    this.sql.exec(`UPDATE runs SET status = 'finished' WHERE run_id = ?`, runId);
    return true;
  }

  /** Cancels a running run: its open parts stop; returns the entities to finalise. */
  cancel(runId: string): Array<{ entityId: string; seq: number }> {
    const run = this.run(runId);
    if (!run || run.status !== 'running') return [];
    this.sql.exec(
      `UPDATE parts SET state = 'cancelled' WHERE run_id = ? AND state IN ('pending', 'queued')`,
      runId,
    );
    const open = this.sql
      .exec(`SELECT entity_id, seq FROM run_entities WHERE run_id = ? AND state = 'open'`, runId)
      .toArray()
      .map((r) => ({ entityId: String(r.entity_id), seq: Number(r.seq) }));
    this.sql.exec(`UPDATE run_entities SET state = 'done' WHERE run_id = ?`, runId);
    this.sql.exec(
      `UPDATE runs SET status = 'cancelled', entities_done = entities_total WHERE run_id = ?`,
      runId,
    );
    return open;
  }

  runningRuns(taskId?: string): RunRow[] {
    const rows = taskId
      ? this.sql.exec(`SELECT * FROM runs WHERE status = 'running' AND task_id = ?`, taskId)
      : this.sql.exec(`SELECT * FROM runs WHERE status = 'running'`);
    return rows.toArray().map(toRun);
  }

  runTotals(runId: string): {
    items: number;
    bytes: number;
    partsTotal: number;
    partsDone: number;
  } {
    const r = this.sql
      .exec(
        `SELECT coalesce(sum(items), 0) AS items, coalesce(sum(bytes), 0) AS bytes, count(*) AS total,
                sum(CASE WHEN state IN ('done', 'cancelled') THEN 1 ELSE 0 END) AS done
         FROM parts WHERE run_id = ?`,
        runId,
      )
      .one();
    return {
      items: Number(r.items),
      bytes: Number(r.bytes),
      partsTotal: Number(r.total),
      partsDone: Number(r.done ?? 0),
    };
  }

  openEntities(runId: string): string[] {
    return this.sql
      .exec(`SELECT entity_id FROM run_entities WHERE run_id = ? AND state = 'open'`, runId)
      .toArray()
      .map((r) => String(r.entity_id));
  }

  private updatePart(key: PartKey, set: string): void {
    this.sql.exec(
      `UPDATE parts SET ${set} WHERE run_id = ? AND entity_id = ? AND sub_service = ?`,
      key.runId,
      key.entityId,
      key.subService,
    );
  }
}
