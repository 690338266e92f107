import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseOptions, databaseSettingsFromEnv } from './database.options';

// For the TypeORM CLI (npm run migration:generate / migration:run).
export default new DataSource(databaseOptions(databaseSettingsFromEnv()));
