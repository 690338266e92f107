// Bulk seeding in SQL: copies of statements seeded through the API, with new ids and their
// audit chains recomputed (auditHash) and signed with the app's own key (SigningService), so
// that each copy is a valid statement whose chain verifies (`npm run verify -- <id>`).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { auditHash } from '../../src/engine/audit.repository';
import { SigningService } from '../../src/engine/signing.service';
import type { Query, Row, Sql } from './sql';

/** The tables that hold a statement, in the order their foreign keys allow inserting. */
const TABLES = ['statements', 'text_versions', 'rounds', 'audit_events', 'timers'] as const;
type Table = (typeof TABLES)[number];
export type StatementRows = Record<Table, Row[]>;

export interface Template {
  statementId: string;
  title: string;
  /** The open round's deadline. */
  deadline: Date;
  rows: StatementRows;
}

export interface CopySpec {
  title: string;
  /** A new deadline for the open round (its timers move with it), or keep the template's. */
  deadline?: Date;
  /** Reminders due by then are left out, as the app leaves out those already past. */
  now: Date;
}

export interface Signer {
  keyId: string;
  sign(hash: string): string;
}

/** The app's signing key from its data folder (where the app keeps the one it generated). */
export function appSigner(dataDir: string): Signer {
  if (!existsSync(join(dataDir, 'signing-key.pem'))) {
    throw new Error(`no signing key in ${dataDir}: start the app on that data folder first`);
  }
  // Only the key is needed: the database is used by onModuleInit, which is not called here.
  return new SigningService(
    { dataDir, signingKeyPem: undefined, maxBackdate: 'P30D' },
    undefined as never,
    undefined as never,
  );
}

export async function loadTemplate(sql: Sql, statementId: string): Promise<Template> {
  const rows = {} as StatementRows;
  for (const table of TABLES) {
    const key = table === 'statements' ? 'id' : 'statement_id';
    const order = table === 'audit_events' ? ' ORDER BY seq' : '';
    rows[table] = await sql.query(`SELECT * FROM ${table} WHERE ${key} = $1${order}`, [
      statementId,
    ]);
  }
  const [statement] = rows.statements;
  if (!statement) throw new Error(`no statement ${statementId}`);
  const deadline = statement.open_deadline;
  if (!(deadline instanceof Date)) throw new Error(`statement ${statementId} has no open round`);
  if (rows.audit_events.some((event) => event.type === 'RECORD_POSITION')) {
    throw new Error(`statement ${statementId} has positions: copy it before any are recorded`);
  }
  return { statementId, title: String(statement.title), deadline, rows };
}

/** One copy: every id new, the title (and deadline) replaced, the audit chain recomputed. */
export function copyStatement(template: Template, spec: CopySpec, signer: Signer): StatementRows {
  const strings = new Map<string, string>([[template.title, spec.title]]);
  for (const table of TABLES) {
    for (const row of template.rows[table]) {
      if (typeof row.id === 'string') strings.set(row.id, randomUUID());
    }
  }
  const oldDeadline = template.deadline.getTime();
  const newDeadline = spec.deadline;
  if (newDeadline) strings.set(template.deadline.toISOString(), newDeadline.toISOString());
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') return strings.get(value) ?? value;
    if (value instanceof Date) {
      return newDeadline && value.getTime() === oldDeadline ? newDeadline : value;
    }
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    }
    return value;
  };

  const copy = {} as StatementRows;
  for (const table of TABLES) copy[table] = template.rows[table].map((row) => replace(row) as Row);

  if (newDeadline) {
    // A reminder keeps its offset before the deadline, and is not set once its moment passed.
    copy.timers = copy.timers.flatMap((timer, i) => {
      if (timer.kind !== 'reminder') return [timer];
      const before = oldDeadline - (template.rows.timers[i].due_at as Date).getTime();
      const dueAt = new Date(newDeadline.getTime() - before);
      return dueAt.getTime() > spec.now.getTime() ? [{ ...timer, due_at: dueAt }] : [];
    });
  }

  let prevHash: string | null = null;
  const hashes = new Map<string, string>();
  for (const event of copy.audit_events) {
    const hash = auditHash({
      statementId: event.statement_id as string,
      seq: event.seq as number,
      type: event.type as string,
      actorId: event.actor_id as string | null,
      actorLabel: event.actor_label as string,
      at: event.at as Date,
      recordedAt: event.recorded_at as Date,
      textHash: event.text_hash as string,
      stateFrom: event.state_from as string | null,
      stateTo: event.state_to as string,
      payload: event.payload as Record<string, unknown>,
      prevHash,
      keyId: signer.keyId,
      signature: null,
    });
    hashes.set(event.hash as string, hash);
    Object.assign(event, { prev_hash: prevHash, hash, key_id: signer.keyId });
    event.signature = signer.sign(hash);
    prevHash = hash;
  }
  // Whatever else names a hash of the chain (the row's chain head, if the schema keeps one).
  copy.statements = copy.statements.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? (hashes.get(v) ?? v) : v]),
    ),
  );
  return copy;
}

const json = (rows: Row[]): string =>
  JSON.stringify(rows, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );

/** Inserts copies table by table, in transactions of `batch` statements. */
export async function insertCopies(sql: Sql, copies: StatementRows[], batch = 250): Promise<void> {
  for (let start = 0; start < copies.length; start += batch) {
    const slice = copies.slice(start, start + batch);
    await sql.transaction(async (query: Query) => {
      for (const table of TABLES) {
        const rows = slice.flatMap((copy) => copy[table]);
        if (rows.length === 0) continue;
        await query(
          `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`,
          [json(rows)],
        );
      }
    });
  }
}

/** Makes `count` copies of the templates, round robin, and inserts them; returns their ids. */
export async function seedCopies(
  sql: Sql,
  templates: Template[],
  signer: Signer,
  count: number,
  spec: (index: number, template: Template) => CopySpec,
): Promise<string[]> {
  const ids: string[] = [];
  const chunk = 1000;
  for (let start = 0; start < count; start += chunk) {
    const copies: StatementRows[] = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      const template = templates[i % templates.length];
      const copy = copyStatement(template, spec(i, template), signer);
      ids.push(copy.statements[0].id as string);
      copies.push(copy);
    }
    await insertCopies(sql, copies);
  }
  return ids;
}
