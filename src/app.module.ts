import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { appConfig, databaseConfig, validateEnvironment } from './config/app.config';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health.controller';
import { ReferenceModule } from './reference/reference.module';
import { StatementsModule } from './statements/statements.module';
import { WorkflowModule } from './workflow/workflow.module';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: [appConfig, databaseConfig],
      validate: validateEnvironment,
    }),
    CommonModule,
    DatabaseModule,
    ReferenceModule,
    AuthModule,
    WorkflowModule,
    StatementsModule,
  ],
  controllers: [HealthController],
})
export class AppModule {}
