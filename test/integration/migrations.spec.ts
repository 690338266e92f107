import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../src/database/database.options';
import { ENTITIES } from '../../src/entities';
import { MIGRATIONS } from '../../migrations';
import { createTestDatabase, TestDatabase, testDatabaseKind } from '../support/test-database';

describe(`migrations on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(
      databaseOptions(
        {
          url: database.env.DATABASE_URL,
          dataDir: database.env.ADREF_DATA_DIR ?? 'memory://',
        },
        ENTITIES,
      ),
    );
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('apply in order and leave nothing for "migration:generate" to add', async () => {
    const applied = await dataSource.runMigrations();
    expect(applied.map((m) => m.name)).toEqual(
      MIGRATIONS.map((m) => new (m as new () => { name: string })().name),
    );
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('seed the reference data: 11 ACCSM members today, TLS an observer in 2024', async () => {
    const members = await dataSource.query(
      `SELECT member_code, status FROM memberships
        WHERE framework_code = 'ACCSM' AND (valid_from IS NULL OR valid_from <= $1) AND (valid_to IS NULL OR valid_to >= $1)`,
      ['2024-08-07'],
    );
    expect(members.filter((m: { status: string }) => m.status === 'member')).toHaveLength(10);
    expect(members).toContainEqual({ member_code: 'TLS', status: 'observer' });
  });

  it('undo completely with their down steps', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    const tables = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    expect(tables).toEqual([]);
    // And they apply again on the emptied schema.
    expect(await dataSource.runMigrations()).toHaveLength(MIGRATIONS.length);
  });
});
