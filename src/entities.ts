import { PrincipalEntity } from './common/principal.entity';
import {
  AccountEventEntity,
  ApiTokenEntity,
  SessionEntity,
  SignInLinkEntity,
} from './auth/account.entities';
import {
  CalendarFeedEntity,
  DeliveryAttemptEntity,
  DeliveryEntity,
  WebhookSubscriptionEntity,
} from './notify/notify.entities';
import { TimerEntity } from './engine/timer.entity';
import { PositionEntity } from './engine/position.entity';
import { RoundEntity } from './engine/round.entity';
import {
  ChairTermEntity,
  FrameworkEntity,
  MeetingEntity,
  MemberEntity,
  MembershipEntity,
} from './reference/reference.entities';
import { StatementEntity } from './engine/statement.entity';
import { TextVersionEntity } from './engine/text-version.entity';
import { ProposalEntity } from './statements/proposal.entity';
import { DocumentEntity } from './engine/document.entity';
import {
  AuditEventEntity,
  IdempotencyKeyEntity,
  OutboxMessageEntity,
  SigningKeyEntity,
} from './engine/engine.entities';
import { CommentEntity } from './statements/comment.entity';

export const ENTITIES = [
  MemberEntity,
  FrameworkEntity,
  MembershipEntity,
  ChairTermEntity,
  MeetingEntity,
  PrincipalEntity,
  ApiTokenEntity,
  SessionEntity,
  SignInLinkEntity,
  AccountEventEntity,
  CalendarFeedEntity,
  StatementEntity,
  TextVersionEntity,
  RoundEntity,
  PositionEntity,
  AuditEventEntity,
  SigningKeyEntity,
  IdempotencyKeyEntity,
  OutboxMessageEntity,
  TimerEntity,
  WebhookSubscriptionEntity,
  DeliveryEntity,
  DeliveryAttemptEntity,
  CommentEntity,
  ProposalEntity,
  DocumentEntity,
];
