import { ConfigModule } from '@nestjs/config';
import { CommonModule } from '../src/common/common.module';
import {
  appConfig,
  integrityConfig,
  smtpConfig,
  validateEnvironment,
  workersConfig,
} from '../src/config/app.config';
import { databaseConfig, DatabaseModule } from '../src/database/database.module';
import { ENTITIES } from '../src/entities';

/**
 * What every command line boots before its feature: the app's configuration (from the
 * environment only), its database (migrations run) and signing key; no HTTP, no pages.
 */
export const commandLineImports = () => [
  ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: true,
    load: [appConfig, databaseConfig, workersConfig, smtpConfig, integrityConfig],
    validate: validateEnvironment,
  }),
  CommonModule,
  DatabaseModule.forRoot(ENTITIES),
];
