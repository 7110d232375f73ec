/** The retention job's activity: libs/persistence/retention.ts on the worker's database connection. */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { enforceRetention } from '../libs/persistence/retention';
import type {
  RetentionActivities as Contract,
  RetentionPeriods,
  RetentionRun,
} from '../libs/temporal/retention-contract';

@Injectable()
export class RetentionActivities implements Contract {
  constructor(private readonly dataSource: DataSource) {}

  enforceRetention(periods: RetentionPeriods): Promise<RetentionRun> {
    return enforceRetention(this.dataSource, periods);
  }
}
