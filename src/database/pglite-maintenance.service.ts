import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Poller } from '../common/poller';
import { workersConfig } from '../config/app.config';
import { DatabaseProbeRepository } from './database-probe.repository';

/** The tables every write changes: their dead rows pile up fastest. */
const BUSY_TABLES = [
  'statements',
  'statement_outstanding',
  'rounds',
  'timers',
  'outbox_messages',
  'deliveries',
  'idempotency_keys',
];

/**
 * PGlite runs PostgreSQL without its autovacuum: nothing else would ever reclaim dead rows or
 * refresh the planner's statistics and the visibility map (which index-only scans, such as
 * the board's counts, need). So the app vacuums the busy tables itself, every
 * `pgliteVacuumMs`. On a PostgreSQL server autovacuum does this, and the app does nothing.
 */
@Injectable()
export class PgliteMaintenanceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: Poller;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly probe: DatabaseProbeRepository,
    @Inject(workersConfig.KEY) private readonly config: ConfigType<typeof workersConfig>,
  ) {
    this.poller = new Poller(PgliteMaintenanceService.name, config.pgliteVacuumMs, async () => {
      await this.vacuum();
      return 0;
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.enabled && this.config.pgliteVacuumMs > 0 && this.probe.kind() === 'pglite') {
      // The first pass after one interval: a start is not the moment to hold the session.
      this.poller.start(this.config.pgliteVacuumMs);
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.poller.stop();
  }

  /** VACUUM (ANALYZE) of the busy tables; each is short, and requests wait only for one. */
  async vacuum(): Promise<void> {
    const present = new Set(
      (
        (await this.dataSource.query(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1)`,
          [BUSY_TABLES],
        )) as { tablename: string }[]
      ).map((row) => row.tablename),
    );
    for (const table of BUSY_TABLES.filter((name) => present.has(name))) {
      await this.dataSource.query(`VACUUM (ANALYZE) "${table}"`);
    }
  }
}
