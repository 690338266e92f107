import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { EngineModule } from '../engine/engine.module';
import { KeysController } from './keys.controller';
import { ProposalDecisionsService } from './proposal-decisions.service';
import { ProposalViewsService } from './proposal-views.service';
import { ProposalsController } from './proposals.controller';
import { ProposalsRepository } from './proposals.repository';
import { ProposalsService } from './proposals.service';
import { DocumentPolicy } from './document.policy';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { StatementEventFactory } from './statement-event.factory';
import { StatementTextsService } from './statement-texts.service';
import { StatementViewsService } from './statement-views.service';
import { StatementPolicy } from './statement.policy';
import { StatementsController } from './statements.controller';
import { StatementsRepository } from './statements.repository';
import { StatementsService } from './statements.service';
import { WorkflowController } from './workflow.controller';
import { CommentsRepository } from './comments.repository';
import { StatementCommentsController } from './statement-comments.controller';
import { StatementCommentsService } from './statement-comments.service';
import { StatementRemindersService } from './statement-reminders.service';

@Module({
  imports: [ReferenceModule, EngineModule],
  // The lifecycle's description and the keys that sign its history are published beside it.
  controllers: [
    StatementsController,
    WorkflowController,
    KeysController,
    StatementCommentsController,
    ProposalsController,
    DocumentsController,
  ],
  providers: [
    StatementsRepository,
    StatementPolicy,
    StatementEventFactory,
    StatementTextsService,
    StatementViewsService,
    StatementsService,
    CommentsRepository,
    StatementCommentsService,
    StatementRemindersService,
    ProposalsRepository,
    ProposalViewsService,
    ProposalsService,
    ProposalDecisionsService,
    DocumentPolicy,
    DocumentsService,
  ],
  exports: [StatementsService, StatementViewsService, StatementsRepository, ProposalsRepository],
})
export class StatementsModule {}
