import type { Provider } from '@nestjs/common';
import type { ServiceConfig } from '@/libs/config/config';
import { DirectoryObjectStore } from '@/libs/storage/directory-object-store';
import { AltchaCheck } from './altcha-check';
import { OnlineIntakeService } from './online-intake.service';
import { OnlineUploadsInterceptor } from './online-uploads';
import { ONLINE_OBJECT_STORE, OnlineSubmissionsService } from './online-submissions.service';
import { SubmissionLimits } from './submission-limits';

/**
 * 网上信访's services. Attachments go to the directory object store under ONLINE_UPLOADS_DIR; when
 * the S3 store lands (branch materials), this is the one line that chooses between them.
 */
export const ONLINE_PETITION_PROVIDERS = (config: ServiceConfig): Provider[] => [
  { provide: ONLINE_OBJECT_STORE, useValue: new DirectoryObjectStore(config.online.uploadsDir) },
  AltchaCheck,
  SubmissionLimits,
  OnlineUploadsInterceptor,
  OnlineSubmissionsService,
  OnlineIntakeService,
];
