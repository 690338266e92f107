import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { signInConfig } from '../config/app.config';
import { ReferenceModule } from '../reference/reference.module';
import { CalendarController } from './calendar.controller';
import { ChairHandoverRepository } from './chair-handover.repository';
import { ChairHandoverService } from './chair-handover.service';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { EmailChannel, WebhookChannel } from './channels';
import { NotifyAdminController } from './notify-admin.controller';
import { NotifyAdminService } from './notify-admin.service';
import { NotifyDeliveryService } from './notify-delivery.service';
import { NotifyDigestService } from './notify-digest.service';
import { NotifyExpansionService } from './notify-expansion.service';
import { NotifyRepository } from './notify.repository';
import { NotifyService } from './notify.service';

@Module({
  imports: [ReferenceModule, ConfigModule.forFeature(signInConfig)],
  controllers: [NotifyAdminController, CalendarController],
  providers: [
    NotifyRepository,
    ChairHandoverRepository,
    ChairHandoverService,
    NotifyExpansionService,
    NotifyDeliveryService,
    NotifyDigestService,
    NotifyService,
    NotifyAdminService,
    EmailChannel,
    WebhookChannel,
    CalendarRepository,
    CalendarService,
  ],
  exports: [NotifyService],
})
export class NotifyModule {}
