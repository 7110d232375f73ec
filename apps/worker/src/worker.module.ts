import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@/libs/persistence/data-source';
import { CampaignActivitiesImpl } from '@/activities/campaign.activities';
import { NoticeDocumentActivities } from '@/activities/notice-documents.activities';
import { PetitionProjectionActivities } from '@/activities/petition-projection.activities';
import { RETENTION_OBJECT_STORE, RetentionActivities } from '@/activities/retention.activities';
import { createObjectStore, type StorageConfig } from '@/libs/storage/storage-config';

/** The worker's dependency graph: a database connection and the activity classes that use it. */
@Module({})
export class WorkerModule {
  static forDatabase(databaseUrl: string, storage?: StorageConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, `petitions-worker ${process.pid}`),
          retryAttempts: 3,
          retryDelay: 1000,
        }),
      ],
      providers: [
        PetitionProjectionActivities,
        CampaignActivitiesImpl,
        NoticeDocumentActivities,
        RetentionActivities,
        // The retention job deletes expired and orphaned files from the store the API writes to.
        ...(storage ? [{ provide: RETENTION_OBJECT_STORE, useValue: createObjectStore(storage) }] : []),
      ],
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
