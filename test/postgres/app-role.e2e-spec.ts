import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../src/database/database.options';
import { ENTITIES } from '../../src/entities';
import { AdrefClient, auth } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// The README's production set-up: the owner runs the migrations; the app connects as a role
// that may read and write rows but owns nothing, so it cannot switch the append-only triggers off.
describe('PostgreSQL: the app as a role that owns nothing', () => {
  const role = `adref_app_${randomBytes(4).toString('hex')}`;
  let database: TestDatabase;
  let appUrl: string;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    const ownerUrl = database.env.DATABASE_URL!;
    const owner = new DataSource(
      databaseOptions({ url: ownerUrl, dataDir: 'memory://' }, ENTITIES),
    );
    await owner.initialize();
    await owner.runMigrations();
    const databaseName = new URL(ownerUrl).pathname.slice(1);
    for (const sql of [
      `CREATE ROLE ${role} LOGIN PASSWORD '${role}'`,
      `GRANT CONNECT ON DATABASE ${databaseName} TO ${role}`,
      `GRANT USAGE ON SCHEMA public TO ${role}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
      // As the README says: the outbox's sequence numbers notifications in event order.
      `GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    ]) {
      await owner.query(sql);
    }
    await owner.destroy();
    const url = new URL(ownerUrl);
    url.username = role;
    url.password = role;
    appUrl = url.toString();
    t = await createTestApp('2026-03-02T02:00:00Z', { DATABASE_URL: appUrl });
  });

  afterAll(async () => {
    await t?.close();
    await database.drop();
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  const asApp = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: appUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  it('runs the app: a statement is launched and taken to a round', async () => {
    const client = new AdrefClient(t);
    const chair = await client.user('chair_secretariat', 'KHM');
    const opened = await client.openRound(chair, { deadline: '2026-04-01T10:00:00Z' });
    expect(opened.state).toBe('ad_referendum');
    const [{ user }] = await t.dataSource.query(`SELECT current_user AS user`);
    expect(user).toBe(role);
  });

  it.each([
    ['ALTER TABLE audit_events DISABLE TRIGGER USER', 'must be owner of table audit_events'],
    ['ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only', 'must be owner'],
    ['DROP TRIGGER audit_events_append_only ON audit_events', 'must be owner'],
    ['ALTER TABLE positions DISABLE TRIGGER ALL', 'must be owner of table positions'],
    [`SET session_replication_role = replica`, 'permission denied'],
    [`UPDATE audit_events SET actor_label = 'forged'`, 'audit_events is append-only'],
    [`DELETE FROM audit_events`, 'audit_events is append-only'],
    [`TRUNCATE audit_events`, 'permission denied'],
  ])('refuses %s', async (sql, refusal) => {
    const before = await t.dataSource.query(
      `SELECT count(*)::int AS n, string_agg(hash, ',' ORDER BY statement_id, seq) AS hashes FROM audit_events`,
    );
    await asApp((client) => expect(client.query(sql)).rejects.toThrow(refusal));
    const after = await t.dataSource.query(
      `SELECT count(*)::int AS n, string_agg(hash, ',' ORDER BY statement_id, seq) AS hashes FROM audit_events`,
    );
    expect(after).toEqual(before);
    expect(before[0].n).toBeGreaterThan(0);
  });

  it('attaches a document as the app role, which cannot change or remove it', async () => {
    const client = new AdrefClient(t);
    // An admin may attach too; a user of its own would need an address of its own.
    const chair = client.admin;
    const opened = await client.openRound(chair, { deadline: '2026-04-01T10:00:00Z' });
    // The smallest PNG: a signature and an IHDR chunk are what file-type reads.
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
        '1f15c4890000000d49444154789c6300010000050001' +
        '0d0a2db40000000049454e44ae426082',
      'hex',
    );
    const attached = await t.http
      .post(`/api/v1/statements/${opened.id}/documents`)
      .set(auth(chair))
      .field('kind', 'annex')
      .attach('file', png, { filename: 'map.png', contentType: 'image/png' });
    expect(attached.status).toBe(201);
    expect(attached.body.contentType).toBe('image/png');
    for (const [sql, refusal] of [
      [`UPDATE documents SET filename = 'forged.png'`, 'documents is append-only'],
      [`DELETE FROM documents`, 'documents is append-only'],
      [`TRUNCATE documents`, 'permission denied'],
      ['ALTER TABLE documents DISABLE TRIGGER USER', 'must be owner of table documents'],
    ]) {
      await asApp((app) => expect(app.query(sql)).rejects.toThrow(refusal));
    }
    const [row] = await t.dataSource.query(`SELECT filename FROM documents WHERE id = $1`, [
      attached.body.id,
    ]);
    expect(row.filename).toBe('map.png');
  });
});
