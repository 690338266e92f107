import { Module } from '@nestjs/common';
import { ChairTermsService } from './chair-terms.service';
import { MeetingsService } from './meetings.service';
import { ReferenceController } from './reference.controller';
import { ReferenceOverviewService } from './reference-overview.service';
import { ReferenceRepository } from './reference.repository';
import { ReferenceService } from './reference.service';

@Module({
  controllers: [ReferenceController],
  providers: [
    ReferenceRepository,
    ReferenceService,
    ChairTermsService,
    MeetingsService,
    ReferenceOverviewService,
  ],
  exports: [ReferenceService, ChairTermsService, MeetingsService],
})
export class ReferenceModule {}
