import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { pgliteDriver, READS_BEFORE_A_WRITE, readRequest } from './pglite-lease-pool';

// PGlite is one Postgres session; the lease pool must still give TypeORM isolated
// transactions (../shared/STACK.md, pitfall 5).
describe('PGlite lease pool', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', driver: pgliteDriver({}) });
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE counter (id int PRIMARY KEY, value int NOT NULL)`);
  });
  afterAll(() => dataSource.destroy());
  beforeEach(() => dataSource.query(`TRUNCATE counter; INSERT INTO counter VALUES (1, 0)`));

  it('does not let another transaction see uncommitted writes', async () => {
    let release!: () => void;
    let updated!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const didUpdate = new Promise<void>((resolve) => (updated = resolve));
    const writer = dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE counter SET value = 99 WHERE id = 1`);
      updated();
      await held;
      throw new Error('roll back');
    });
    await didUpdate;
    // The reader queues behind the writer's lease, so it runs only after the rollback.
    const reader = dataSource.query(`SELECT value FROM counter WHERE id = 1`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect(writer).rejects.toThrow('roll back');
    expect(await reader).toEqual([{ value: 0 }]);
  });

  it('keeps a rollback from undoing another transaction’s committed work', async () => {
    const failing = dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE counter SET value = value + 1000 WHERE id = 1`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('boom');
    });
    const succeeding = dataSource.transaction((manager) =>
      manager.query(`UPDATE counter SET value = value + 1 WHERE id = 1`),
    );
    await expect(failing).rejects.toThrow('boom');
    await succeeding;
    expect(await dataSource.query(`SELECT value FROM counter`)).toEqual([{ value: 1 }]);
  });

  it('serialises concurrent read-modify-write transactions without lost updates', async () => {
    const increments = Array.from({ length: 50 }, () =>
      dataSource.transaction(async (manager) => {
        const [row] = await manager.query(`SELECT value FROM counter WHERE id = 1 FOR UPDATE`);
        await new Promise((resolve) => setImmediate(resolve));
        await manager.query(`UPDATE counter SET value = $1 WHERE id = 1`, [row.value + 1]);
      }),
    );
    await Promise.all(increments);
    expect(await dataSource.query(`SELECT value FROM counter`)).toEqual([{ value: 50 }]);
  });

  it('reports affected rows and keeps dates and 64-bit integers as pg does', async () => {
    const [, affected] = await dataSource.query(`UPDATE counter SET value = 5 WHERE id = 1`);
    expect(affected).toBe(1);
    expect(await dataSource.query(`SELECT DATE '2024-08-07' AS day, 5::int8 AS big`)).toEqual([
      { day: '2024-08-07', big: '5' },
    ]);
  });

  it('lets a read request go before queued writes, and a write after so many reads', async () => {
    let release!: () => void;
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const order: string[] = [];
    const holder = dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1`);
      holding();
      await held;
    });
    await isHolding;
    const write = (name: string) =>
      dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE counter SET value = value + 1 WHERE id = 1`);
        order.push(name);
      });
    const read = (name: string) =>
      readRequest.run(true, async () => {
        await dataSource.query(`SELECT value FROM counter WHERE id = 1`);
        order.push(name);
      });
    const queued = [write('write 1'), write('write 2')];
    for (let i = 1; i <= READS_BEFORE_A_WRITE + 1; i += 1) queued.push(read(`read ${i}`));
    // Let every lease request reach the queue before the holder lets go.
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await Promise.all([holder, ...queued]);

    const reads = Array.from({ length: READS_BEFORE_A_WRITE }, (_, i) => `read ${i + 1}`);
    expect(order).toEqual([...reads, 'write 1', `read ${READS_BEFORE_A_WRITE + 1}`, 'write 2']);
  });
});
