import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { ServiceConfig } from '../../../libs/config/config';
import { dataSourceOptions } from '../../../libs/persistence/data-source';
import { AccountabilityController } from './accountability/accountability.controller';
import { AccountabilityService } from './accountability/accountability.service';
import { AuthGuard } from './auth/auth.guard';
import { SERVICE_CONFIG, TEMPORAL_CLIENT } from './common/tokens';
import { OpenApiDocument } from './common/openapi-document';
import { WorkflowErrorFilter } from './common/workflow-error.filter';
import { HealthController } from './health/health.controller';
import { PetitionActionsController } from './petitions/actions/petition-actions.controller';
import { PetitionActionsService } from './petitions/actions/petition-actions.service';
import { PetitionAccessService } from './petitions/petition-access.service';
import { PetitionsController } from './petitions/petitions.controller';
import { PetitionsService } from './petitions/petitions.service';
import { PublicPetitionsController } from './public/public-petitions.controller';
import { PublicPetitionsService } from './public/public-petitions.service';
import { SupervisionController } from './supervision/supervision.controller';
import { SupervisionService } from './supervision/supervision.service';

@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}
  async onApplicationShutdown(): Promise<void> {
    await this.temporal.connection.close();
  }
}

@Module({})
export class ApiModule {
  /** The Temporal client is connected before the module is built, so a missing server is reported at start. */
  static create(config: ServiceConfig, temporal: Client): DynamicModule {
    return {
      module: ApiModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), retryAttempts: 2, retryDelay: 1000 })],
      controllers: [HealthController, PetitionsController, PetitionActionsController, AccountabilityController, SupervisionController, PublicPetitionsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: TEMPORAL_CLIENT, useValue: temporal },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: WorkflowErrorFilter },
        TemporalConnectionCloser,
        PetitionAccessService,
        PetitionsService,
        PetitionActionsService,
        OpenApiDocument,
        PublicPetitionsService,
        AccountabilityService,
        SupervisionService,
      ],
    };
  }
}
