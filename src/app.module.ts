import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ArchiveModule } from './archive/archive.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import {
  accountsConfig,
  appConfig,
  integrityConfig,
  smtpConfig,
  validateEnvironment,
  workersConfig,
} from './config/app.config';
import { HardeningModule } from './common/hardening.module';
import { databaseConfig, DatabaseModule } from './database/database.module';
import { ENTITIES } from './entities';
import { EngineModule } from './engine/engine.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { ImportsModule } from './imports/imports.module';
import { NotifyModule } from './notify/notify.module';
import { PositionsModule } from './positions/positions.module';
import { ReferenceModule } from './reference/reference.module';
import { StatementsModule } from './statements/statements.module';
import { TimersModule } from './timers/timers.module';
import { VerifyModule } from './verify/verify.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: [appConfig, accountsConfig, databaseConfig, workersConfig, smtpConfig, integrityConfig],
      validate: validateEnvironment,
    }),
    CommonModule,
    HardeningModule,
    DatabaseModule.forRoot(ENTITIES),
    ReferenceModule,
    AuthModule,
    EngineModule,
    StatementsModule,
    ImportsModule,
    PositionsModule,
    TimersModule,
    NotifyModule,
    VerifyModule,
    ArchiveModule,
    WebModule,
  ],
  controllers: [HealthController],
  providers: [HealthService],
})
export class AppModule {}
