import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseOptions, databaseSettingsFromEnv } from './database/database.options';
import { ENTITIES } from './entities';

// For the TypeORM CLI (npm run migration:generate / migration:run).
export default new DataSource(databaseOptions(databaseSettingsFromEnv(), ENTITIES));
