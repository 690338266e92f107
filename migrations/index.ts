import { Initial1795299269358 } from './1795299269358-Initial';
import { SeedAccsmReference1795299300000 } from './1795299300000-SeedAccsmReference';
import { NotificationsAndTimers1795300716678 } from './1795300716678-NotificationsAndTimers';
import { AppendOnlySignedHistory1795314130314 } from './1795314130314-AppendOnlySignedHistory';
import { Accounts1795316205191 } from './1795316205191-Accounts';
import { FrameworkChairFollows1795326107096 } from './1795326107096-FrameworkChairFollows';
import { DeliveryOrderAndHtml1795326351534 } from './1795326351534-DeliveryOrderAndHtml';
import { BoardProjectionAndAuditHead1795340000000 } from './1795340000000-BoardProjectionAndAuditHead';
import { TimerLeases1795345000000 } from './1795345000000-TimerLeases';
import { OutstandingByMember1795346000000 } from './1795346000000-OutstandingByMember';
import { StatementCommentsAndDigest1795350000000 } from './1795350000000-StatementCommentsAndDigest';
import { TextProposals1795351000000 } from './1795351000000-TextProposals';
import { StatementDocuments1795352000000 } from './1795352000000-StatementDocuments';

// Listed explicitly so that Jest, the built app and the TypeORM CLI load the same set.
// Append new migrations; never edit one that has landed.
export const MIGRATIONS = [
  Initial1795299269358,
  SeedAccsmReference1795299300000,
  NotificationsAndTimers1795300716678,
  AppendOnlySignedHistory1795314130314,
  Accounts1795316205191,
  FrameworkChairFollows1795326107096,
  DeliveryOrderAndHtml1795326351534,
  BoardProjectionAndAuditHead1795340000000,
  TimerLeases1795345000000,
  OutstandingByMember1795346000000,
  StatementCommentsAndDigest1795350000000,
  TextProposals1795351000000,
  StatementDocuments1795352000000,
];
