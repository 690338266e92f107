// The baseline: raw SQL doing the writes of recording a position, in one transaction, on copies
// of the app's tables (schema bench_baseline: same columns, indexes and foreign keys), so that
// the app's own history stays exactly what the engine wrote.
import { auditHash } from '../../src/engine/audit.repository';
import type { Signer } from './copies';
import type { Query, Sql } from './sql';
import type { PositionWrite } from './write-plan';

const SCHEMA = 'bench_baseline';
const TABLES = ['statements', 'rounds', 'positions', 'audit_events', 'outbox_messages'];

/** Creates the copy tables and fills them with the given statements (rows, rounds, chains). */
export async function prepareBaseline(sql: Sql, statementIds: string[]): Promise<void> {
  await sql.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await sql.query(`CREATE SCHEMA ${SCHEMA}`);
  for (const table of TABLES) {
    await sql.query(`CREATE TABLE ${SCHEMA}.${table} (LIKE public.${table} INCLUDING ALL)`);
  }
  const keys = await sql.query<{ tbl: string; name: string; def: string }>(
    `SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`,
  );
  for (const key of keys.filter((k) => TABLES.includes(k.tbl))) {
    const def = key.def.replace(/REFERENCES (?:public\.)?(\w+)/, (_all, target: string) =>
      TABLES.includes(target) ? `REFERENCES ${SCHEMA}.${target}` : `REFERENCES public.${target}`,
    );
    await sql.query(`ALTER TABLE ${SCHEMA}.${key.tbl} ADD CONSTRAINT "${key.name}" ${def}`);
  }
  for (const table of ['statements', 'rounds', 'positions', 'audit_events']) {
    const column = table === 'statements' ? 'id' : 'statement_id';
    await sql.query(
      `INSERT INTO ${SCHEMA}.${table} SELECT * FROM public.${table} WHERE ${column} = ANY($1::uuid[])`,
      [statementIds],
    );
  }
}

export async function dropBaseline(sql: Sql): Promise<void> {
  await sql.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
}

/**
 * Lock the statement row; read the audit head; update the snapshot; insert the position;
 * insert the audit event (hashed and signed, as the engine's); insert an outbox row.
 */
export async function baselineWrite(
  query: Query,
  write: PositionWrite,
  recordedBy: string,
  signer: Signer,
): Promise<void> {
  const now = new Date();
  const [row] = await query<{ snapshot: { context: { round: Record<string, unknown> } } }>(
    `SELECT * FROM ${SCHEMA}.statements WHERE id = $1 FOR UPDATE`,
    [write.statementId],
  );
  const [head] = await query<{ seq: number; hash: string }>(
    `SELECT seq, hash FROM ${SCHEMA}.audit_events WHERE statement_id = $1 ORDER BY seq DESC LIMIT 1`,
    [write.statementId],
  );
  const position = {
    member: write.member,
    position: write.position,
    versionHash: write.versionHash,
    at: now.toISOString(),
    text: write.text,
    onBehalf: false,
    recordedBy,
  };
  const snapshot = row.snapshot;
  const round = snapshot.context.round;
  round.positions = { ...(round.positions as object), [write.member]: position };
  await query(
    `UPDATE ${SCHEMA}.statements SET snapshot = $2, lock_version = lock_version + 1, updated_at = $3 WHERE id = $1`,
    [write.statementId, JSON.stringify(snapshot), now],
  );
  await query(
    `INSERT INTO ${SCHEMA}.positions (statement_id, round_id, member_code, position, version_hash, text,
                                      reference, on_behalf, recorded_by, taken_at, recorded_at, supersedes_id)
     SELECT r.statement_id, r.id, $2::varchar, $3::varchar, $4::char(64), $5::text, NULL, false,
            $6::uuid, $7::timestamptz, $7::timestamptz,
            (SELECT p.id FROM ${SCHEMA}.positions p
              WHERE p.round_id = r.id AND p.member_code = $2::varchar
                AND NOT EXISTS (SELECT 1 FROM ${SCHEMA}.positions q WHERE q.supersedes_id = p.id))
       FROM ${SCHEMA}.rounds r
      WHERE r.statement_id = $1::uuid AND r.number = 1`,
    [
      write.statementId,
      write.member,
      write.position,
      write.versionHash,
      write.text,
      recordedBy,
      now,
    ],
  );
  const event = {
    statementId: write.statementId,
    seq: head.seq + 1,
    type: 'RECORD_POSITION',
    actorId: recordedBy,
    actorLabel: `${write.member} focal point (bench)`,
    at: now,
    recordedAt: now,
    textHash: write.versionHash,
    stateFrom: 'ad_referendum.collecting',
    stateTo: 'ad_referendum.collecting',
    payload: { position },
    prevHash: head.hash,
    keyId: signer.keyId,
    signature: null,
  };
  const hash = auditHash(event);
  await query(
    `INSERT INTO ${SCHEMA}.audit_events (statement_id, seq, type, actor_id, actor_label, at, recorded_at,
                                         text_hash, state_from, state_to, payload, prev_hash, hash, key_id, signature)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      event.statementId,
      event.seq,
      event.type,
      event.actorId,
      event.actorLabel,
      event.at,
      event.recordedAt,
      event.textHash,
      event.stateFrom,
      event.stateTo,
      JSON.stringify(event.payload),
      event.prevHash,
      hash,
      signer.keyId,
      signer.sign(hash),
    ],
  );
  await query(
    `INSERT INTO ${SCHEMA}.outbox_messages (statement_id, kind, payload, created_at) VALUES ($1, $2, $3, $4)`,
    [
      write.statementId,
      'position_recorded',
      JSON.stringify({ statementId: write.statementId, position }),
      now,
    ],
  );
}
