import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import type { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { workersConfig } from '../config/app.config';
import { DatabaseProbeRepository } from './database-probe.repository';
import { PgliteMaintenanceService } from './pglite-maintenance.service';
import { databaseOptions, databaseSettingsFromEnv } from './database.options';
import type { Entities } from './database.options';

export const databaseConfig = registerAs('database', () => databaseSettingsFromEnv(process.env));

/** The connection; the app passes its entities in (src/entities.ts), so no feature is imported here. */
@Module({})
export class DatabaseModule {
  static forRoot(entities: Entities): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        ConfigModule.forFeature(workersConfig),
        TypeOrmModule.forRootAsync({
          imports: [ConfigModule.forFeature(databaseConfig)],
          inject: [databaseConfig.KEY],
          // Migrations run at start: the same ones on PostgreSQL and on PGlite.
          useFactory: (settings: ConfigType<typeof databaseConfig>) => ({
            ...databaseOptions(settings, entities),
            migrationsRun: true,
          }),
        }),
      ],
      providers: [DatabaseProbeRepository, PgliteMaintenanceService],
      exports: [DatabaseProbeRepository],
      // The probe serves /health wherever the app mounts it.
      global: true,
    };
  }
}
