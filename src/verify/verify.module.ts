import { Module } from '@nestjs/common';
import { VerifyController } from './verify.controller';
import { VerifyRepository } from './verify.repository';
import { VerifyService } from './verify.service';

/**
 * Verification reads; it needs no private key and signs nothing, so that `npm run verify` can
 * run beside the database without touching the record it checks.
 */
@Module({
  controllers: [VerifyController],
  providers: [VerifyRepository, VerifyService],
  exports: [VerifyService],
})
export class VerifyModule {}
