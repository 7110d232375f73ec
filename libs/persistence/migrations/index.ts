import { InitialSchema1763800000000 } from './1763800000000-initial-schema';
import { AccountabilityAndSupervision1763900000000 } from './1763900000000-accountability-and-supervision';
import { WorkQueues1765000000000 } from './1765000000000-work-queues';
import { RepeatPetitions1765000100000 } from './1765000100000-repeat-petitions';
import { Accounts1765100000000 } from './1765100000000-accounts';
import { AdminChanges1765110000000 } from './1765110000000-admin-changes';
import { AbuseLimits1765120000000 } from './1765120000000-abuse-limits';
import { RuntimeGrants1765130000000 } from './1765130000000-runtime-grants';
import { AuditTrail1765200000000 } from './1765200000000-audit-trail';
import { HistoryArchiveAndReplayJobs1765200100000 } from './1765200100000-history-archive-and-replay-jobs';
import { Campaigns1765400000000 } from './1765400000000-campaigns';
import { CampaignBulletinsAppendOnly1765400000001 } from './1765400000001-campaign-bulletins-append-only';
import { AssessmentReportIndexes1765500000000 } from './1765500000000-assessment-report-indexes';
import { Documents1765510000000 } from './1765510000000-documents';
import { ProjectionQuarantine1765600000000 } from './1765600000000-projection-quarantine';
import { IntakeKeysPerOffice1765630000000 } from './1765630000000-intake-keys-per-office';
import { CaseNumbers1765660000000 } from './1765660000000-case-numbers';
import { RuntimeColumnGrants1765640000000 } from './1765640000000-runtime-column-grants';
import { ResponsiblePersons1765690000000 } from './1765690000000-responsible-persons';
import { OrganCodes1765700000000 } from './1765700000000-organ-codes';
import { OnlinePetitions1765770000000 } from './1765770000000-online-petitions';
import { RequestRoundTrips1765780000000 } from './1765780000000-request-round-trips';
import { Retention1765780000001 } from './1765780000001-retention';
import { SubmissionFileRetention1765800000100 } from './1765800000100-submission-file-retention';
import { NotificationOutbox1765750000000 } from './1765750000000-notification-outbox';
import { CaseMaterials1765760000000 } from './1765760000000-case-materials';
import { DigestsAndPetitionerMilestones1765800000000 } from './1765800000000-digests-and-petitioner-milestones';

/** In order; TypeORM records each in its `migrations` table. */
export const MIGRATIONS = [
  InitialSchema1763800000000,
  AccountabilityAndSupervision1763900000000,
  WorkQueues1765000000000,
  RepeatPetitions1765000100000,
  Accounts1765100000000,
  AdminChanges1765110000000,
  AbuseLimits1765120000000,
  RuntimeGrants1765130000000,
  AuditTrail1765200000000,
  HistoryArchiveAndReplayJobs1765200100000,
  Campaigns1765400000000,
  CampaignBulletinsAppendOnly1765400000001,
  AssessmentReportIndexes1765500000000,
  Documents1765510000000,
  ProjectionQuarantine1765600000000,
  IntakeKeysPerOffice1765630000000,
  RuntimeColumnGrants1765640000000,
  CaseNumbers1765660000000,
  ResponsiblePersons1765690000000,
  OrganCodes1765700000000,
  NotificationOutbox1765750000000,
  CaseMaterials1765760000000,
  OnlinePetitions1765770000000,
  RequestRoundTrips1765780000000,
  Retention1765780000001,
  DigestsAndPetitionerMilestones1765800000000,
  SubmissionFileRetention1765800000100,
];
