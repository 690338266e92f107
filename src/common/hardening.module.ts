import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyRepository } from './idempotency.repository';
import { limitsConfig } from './limits.config';
import { AuthFailureLimiter, WriteRateInterceptor } from './rate-limit';

/**
 * Rate limits and Idempotency-Key on every write. The write limit runs first (it is cheap and
 * counts repeats too), then the key is claimed. configureApp() mounts AuthFailureLimiter.
 */
@Module({
  imports: [ConfigModule.forFeature(limitsConfig)],
  providers: [
    ThrottlerStorageService,
    AuthFailureLimiter,
    IdempotencyRepository,
    { provide: APP_INTERCEPTOR, useClass: WriteRateInterceptor },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [AuthFailureLimiter],
})
export class HardeningModule {}
