import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig } from '../config/app.config';
import type { ConfigType } from '@nestjs/config';
import { ConfigModule } from '@nestjs/config';
import { databaseOptions } from './database.options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [ConfigModule.forFeature(databaseConfig)],
      inject: [databaseConfig.KEY],
      // Migrations run at start: the same ones on PostgreSQL and on PGlite.
      useFactory: (settings: ConfigType<typeof databaseConfig>) => ({
        ...databaseOptions(settings),
        migrationsRun: true,
      }),
    }),
  ],
})
export class DatabaseModule {}
