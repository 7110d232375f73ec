/** The retention job's contract (docs/operations.md "Retention"): shared by the workflow, the activity and the schedule. */
export const RETENTION_WORKFLOW_TYPE = 'retentionWorkflow';
/** The Temporal Schedule's id, one per namespace: every worker start makes it say the configured periods. */
export const RETENTION_SCHEDULE_ID = 'retention';

export interface RetentionPeriods {
  personalDataDays: number;
  historyArchiveDays: number;
  documentDays: number;
  /** Absent in runs started before the object store had a part in retention: that part is skipped. */
  unregisteredSubmissionFileDays?: number;
  orphanGraceHours?: number;
}

export interface RetentionRun {
  /** The instant the periods were counted back from (ISO 8601). */
  asOf: string;
  pseudonymisedRegistrations: number;
  deletedHistoryArchives: number;
  deletedDocuments: number;
  /** The object store's part (libs/storage/object-retention.ts), when the run's periods name it. */
  deletedSubmissionFiles?: number;
  deletedOrphanObjects?: number;
  keptOrphanObjects?: string[];
  /** The run's record on the audit trail. */
  auditSeq: number;
}

export interface RetentionActivities {
  enforceRetention(periods: RetentionPeriods): Promise<RetentionRun>;
}
