import { Injectable } from '@nestjs/common';
import { DatabaseProbeRepository } from './database/database-probe.repository';

/** Whether adref can serve: its database answers. */
@Injectable()
export class HealthService {
  constructor(private readonly database: DatabaseProbeRepository) {}

  async up(): Promise<boolean> {
    try {
      await this.database.ping();
      return true;
    } catch {
      return false;
    }
  }

  async details() {
    const databaseVersion = await this.database.serverVersion();
    return { status: 'up', database: this.database.kind(), databaseVersion };
  }
}
