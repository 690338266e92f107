import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What /health asks the database: is it there, which one is it, which version. */
@Injectable()
export class DatabaseProbeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Resolves when the database answers; rejects when it cannot be reached. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async serverVersion(): Promise<string> {
    const [{ server_version: version }] = (await this.dataSource.query('SHOW server_version')) as [
      { server_version: string },
    ];
    return version;
  }

  /** A PostgreSQL server (DATABASE_URL), or the embedded PGlite. */
  kind(): 'postgres' | 'pglite' {
    const options = this.dataSource.options;
    return options.type === 'postgres' && 'url' in options && options.url ? 'postgres' : 'pglite';
  }
}
