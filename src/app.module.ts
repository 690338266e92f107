import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import {
  accountsConfig,
  appConfig,
  databaseConfig,
  integrityConfig,
  smtpConfig,
  validateEnvironment,
  workersConfig,
} from './config/app.config';
import { HardeningModule } from './common/hardening.module';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health.controller';
import { ImportsModule } from './imports/imports.module';
import { NotifyModule } from './notify/notify.module';
import { RecordsModule } from './positions/records.module';
import { ReferenceModule } from './reference/reference.module';
import { StatementsModule } from './statements/statements.module';
import { TimersModule } from './timers/timers.module';
import { VerifyModule } from './verify/verify.module';
import { WebModule } from './web/web.module';
import { WorkflowModule } from './workflow/workflow.module';

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
    DatabaseModule,
    ReferenceModule,
    AuthModule,
    WorkflowModule,
    StatementsModule,
    ImportsModule,
    RecordsModule,
    TimersModule,
    NotifyModule,
    VerifyModule,
    WebModule,
  ],
  controllers: [HealthController],
})
export class AppModule {}
