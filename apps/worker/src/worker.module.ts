import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@/libs/persistence/data-source';
import { CampaignActivitiesImpl } from '@/activities/campaign.activities';
import { NoticeDocumentActivities } from '@/activities/notice-documents.activities';
import { PetitionProjectionActivities } from '@/activities/petition-projection.activities';
import { RetentionActivities } from '@/activities/retention.activities';

/** The worker's dependency graph: a database connection and the activity classes that use it. */
@Module({})
export class WorkerModule {
  static forDatabase(databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, `petitions-worker ${process.pid}`),
          retryAttempts: 3,
          retryDelay: 1000,
        }),
      ],
      providers: [PetitionProjectionActivities, CampaignActivitiesImpl, NoticeDocumentActivities, RetentionActivities],
      exports: [PetitionProjectionActivities, CampaignActivitiesImpl, NoticeDocumentActivities, RetentionActivities],
    };
  }
}

export const ACTIVITY_CLASSES = [
  PetitionProjectionActivities,
  CampaignActivitiesImpl,
  NoticeDocumentActivities,
  RetentionActivities,
];
