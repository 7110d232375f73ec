/**
 * The retention job's activity: libs/persistence/retention.ts on the worker's database connection,
 * then the object store's part (libs/storage/object-retention.ts) when the run's periods name it
 * and the worker has the store.
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { enforceRetention } from '../libs/persistence/retention';
import type { ObjectStore } from '../libs/storage/object-store';
import { enforceObjectRetention } from '../libs/storage/object-retention';
import type {
  RetentionActivities as Contract,
  RetentionPeriods,
  RetentionRun,
} from '../libs/temporal/retention-contract';

/** The worker's object store (the same one the API writes materials and online attachments to). */
export const RETENTION_OBJECT_STORE = Symbol('RETENTION_OBJECT_STORE');

@Injectable()
export class RetentionActivities implements Contract {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(RETENTION_OBJECT_STORE) private readonly store?: ObjectStore,
  ) {}

  async enforceRetention(periods: RetentionPeriods): Promise<RetentionRun> {
    const run = await enforceRetention(this.dataSource, periods);
    if (!this.store || periods.unregisteredSubmissionFileDays === undefined || periods.orphanGraceHours === undefined)
      return run;
    const objects = await enforceObjectRetention(this.dataSource, this.store, {
      unregisteredSubmissionFileDays: periods.unregisteredSubmissionFileDays,
      orphanGraceHours: periods.orphanGraceHours,
    });
    return { ...run, ...objects };
  }
}
