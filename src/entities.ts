import {
  AccountEventEntity,
  ApiTokenEntity,
  PrincipalEntity,
  SessionEntity,
  SignInLinkEntity,
} from '../auth/principal.entity';
import {
  CalendarFeedEntity,
  DeliveryAttemptEntity,
  DeliveryEntity,
  WebhookSubscriptionEntity,
} from '../notify/notify.entities';
import { TimerEntity } from '../timers/timer.entity';
import { PositionEntity } from '../positions/position.entity';
import { RoundEntity } from '../positions/round.entity';
import {
  ChairTermEntity,
  FrameworkEntity,
  MeetingEntity,
  MemberEntity,
  MembershipEntity,
} from '../reference/reference.entities';
import { StatementEntity } from '../statements/statement.entity';
import { TextVersionEntity } from '../statements/text-version.entity';
import {
  AuditEventEntity,
  IdempotencyKeyEntity,
  OutboxMessageEntity,
  SigningKeyEntity,
} from '../workflow/workflow.entities';

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
];
