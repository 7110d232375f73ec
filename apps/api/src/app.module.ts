import { currentTracing } from '@/libs/observability/tracing';
import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule, type Params } from 'nestjs-pino';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Client } from '@temporalio/client';
import type { ServiceConfig } from '@/libs/config/config';
import { dataSourceOptions } from '@/libs/persistence/data-source';
import { AccountabilityController } from './accountability/accountability.controller';
import { AccountabilityService } from './accountability/accountability.service';
import { AccessFailures } from './abuse/access-failures';
import { FailureCounts } from './abuse/failure-counts';
import { SignInLimits } from './abuse/sign-in-limits';
import { PostgresThrottlerStorage } from './abuse/pg-throttler.storage';
import { RateLimitGuard, throttlerOptions } from './abuse/rate-limit';
import { AdminController } from './admin/admin.controller';
import { NotificationAdminController } from './admin/notification-admin.controller';
import { AdminService } from './admin/admin.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { UserCache } from './auth/user-cache';
import { CampaignAccess } from './campaigns/campaign-access';
import { CampaignBulletinsService } from './campaigns/campaign-bulletins.service';
import { CampaignsController } from './campaigns/campaigns.controller';
import { CampaignsService } from './campaigns/campaigns.service';
import { OpenApiDocument } from './common/openapi-document';
import type { PetitionDataConverter } from '@/libs/temporal/data-converter';
import { AuditCasesController } from './audit/audit-cases.controller';
import { AuditTrailController } from './audit/audit-trail.controller';
import { CaseHistoriesService } from './audit/case-histories.service';
import { ReplaysService } from './audit/replays.service';
import { StaffActionAuditInterceptor, StaffActionAuditMarkGuard } from './audit/staff-action-audit';
import { CodecController } from './codec/codec.controller';
import { CodecService } from './codec/codec.service';
import { API_METRICS, DATA_CONVERTER, OBJECT_STORE, SERVICE_CONFIG, TEMPORAL_CLIENT } from './common/tokens';
import type { ApiMetrics } from './observability/metrics';
import { MetricsController } from './observability/metrics.controller';
import { WorkflowErrorFilter } from './common/workflow-error.filter';
import { DirectoryController } from './directory/directory.controller';
import { DocumentsController } from './documents/documents.controller';
import { MaterialsController } from './materials/materials.controller';
import { ClosureEvidenceService } from './materials/closure-evidence.service';
import { MaterialsService } from './materials/materials.service';
import { createObjectStore } from '@/libs/storage/storage-config';
import { DraftPreviewController } from './documents/draft-preview.controller';
import { HealthController } from './health/health.controller';
import {
  PetitionActionsController,
  STAFF_ACTION_CONTROLLERS,
  UnknownActionController,
} from './petitions/actions/petition-actions.controller';
import { PetitionActionsService } from './petitions/actions/petition-actions.service';
import { BacklogController } from './petitions/backlog.controller';
import { PetitionAccessService } from './petitions/petition-access.service';
import { PetitionsController } from './petitions/petitions.controller';
import { PetitionsService } from './petitions/petitions.service';
import { RepeatPetitionsService } from './petitions/repeat/repeat-petitions.service';
import { CaseNumberBackfill } from './petitions/case-number-backfill';
import { RegistrationReceiptService } from './petitions/registration-receipt.service';
import { CaseSearchService } from './queues/case-search.service';
import { QueuesController } from './queues/queues.controller';
import { WorkQueueService } from './queues/work-queue.service';
import { ObjectionQueueService } from './queues/objection-queue.service';
import { ApprovalQueueService } from './queues/approval-queue.service';
import { PublicPetitionsController } from './public/public-petitions.controller';
import { PublicPetitionsService } from './public/public-petitions.service';
import { AssessmentReportService } from './reports/assessment-report.service';
import { ReportsController } from './reports/reports.controller';
import { NotificationDispatchService } from './notifications/notification-dispatch.service';
import { NotificationDigestService } from './notifications/notification-digest.service';
import { NotificationStreamService } from './notifications/notification-stream.service';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationsService } from './notifications/notifications.service';
import { SupervisionController } from './supervision/supervision.controller';
import { SupervisionService } from './supervision/supervision.service';
import { ONLINE_PETITION_PROVIDERS } from './online/online-providers';
import { OnlineIntakeController } from './online/online-intake.controller';
import { OnlineSubmissionsController } from './online/online-submissions.controller';

@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}
  async onApplicationShutdown(): Promise<void> {
    await this.temporal.connection.close();
  }
}

/** The last batch of spans goes out before the process ends (a no-op when tracing is off). */
@Injectable()
class TraceFlusher implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await currentTracing().shutdown();
  }
}

@Module({})
export class ApiModule {
  /** The Temporal client is connected before the module is built, so a missing server is reported at start. */
  static create(
    config: ServiceConfig,
    temporal: Client,
    dataConverter: PetitionDataConverter,
    observability: { metrics: ApiMetrics; logger: Params },
  ): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.databaseUrl, `petitions-api ${process.pid}`),
          retryAttempts: 2,
          retryDelay: 1000,
        }),
        LoggerModule.forRoot(observability.logger),
        // Counters in PostgreSQL: every replica sees the same counts.
        ThrottlerModule.forRootAsync({
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => ({
            ...throttlerOptions(config, dataSource),
            storage: new PostgresThrottlerStorage(dataSource),
          }),
        }),
      ],
      controllers: [
        HealthController,
        MetricsController,
        QueuesController,
        AuthController,
        AdminController,
        NotificationAdminController,
        PetitionsController,
        PetitionActionsController,
        ...STAFF_ACTION_CONTROLLERS,
        UnknownActionController,
        AccountabilityController,
        SupervisionController,
        PublicPetitionsController,
        CampaignsController,
        CodecController,
        AuditTrailController,
        AuditCasesController,
        BacklogController,
        ReportsController,
        DocumentsController,
        MaterialsController,
        DraftPreviewController,
        DirectoryController,
        OnlineSubmissionsController,
        OnlineIntakeController,
        NotificationsController,
      ],
      providers: [
        TraceFlusher,
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: TEMPORAL_CLIENT, useValue: temporal },
        { provide: DATA_CONVERTER, useValue: dataConverter },
        { provide: OBJECT_STORE, useValue: createObjectStore(config.storage) },
        { provide: API_METRICS, useValue: observability.metrics },
        NotificationsService,
        NotificationStreamService,
        NotificationDispatchService,
        NotificationDigestService,
        AccessFailures,
        FailureCounts,
        UserCache,
        SignInLimits,
        // Rate limits first: a flood of sign-ins is refused before any password is checked.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        // Before authentication: marks staff actions so that a refusal by the guards after it is still recorded.
        { provide: APP_GUARD, useClass: StaffActionAuditMarkGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        // The request's id is already in its context (requestContextMiddleware, after the body parsers).
        { provide: APP_INTERCEPTOR, useClass: StaffActionAuditInterceptor },
        { provide: APP_FILTER, useClass: WorkflowErrorFilter },
        TemporalConnectionCloser,
        AdminService,
        PetitionAccessService,
        PetitionsService,
        RepeatPetitionsService,
        CaseNumberBackfill,
        RegistrationReceiptService,
        PetitionActionsService,
        CaseSearchService,
        WorkQueueService,
        ObjectionQueueService,
        ApprovalQueueService,
        OpenApiDocument,
        PublicPetitionsService,
        AccountabilityService,
        SupervisionService,
        CampaignAccess,
        CampaignsService,
        CampaignBulletinsService,
        CodecService,
        CaseHistoriesService,
        ReplaysService,
        AssessmentReportService,
        ...ONLINE_PETITION_PROVIDERS,
        MaterialsService,
        ClosureEvidenceService,
      ],
    };
  }
}
