import type { Provider } from '@nestjs/common';
import { OBJECT_STORE } from '../common/tokens';
import { AltchaCheck } from './altcha-check';
import { OnlineIntakeService } from './online-intake.service';
import { OnlineUploadsInterceptor } from './online-uploads';
import { ONLINE_OBJECT_STORE, OnlineSubmissionsService } from './online-submissions.service';
import { SubmissionLimits } from './submission-limits';

/**
 * 网上信访's services. Attachments go to the service's one object store (the materials' store: a
 * directory, or S3): once the submission is registered they are materials of the case, in place.
 */
export const ONLINE_PETITION_PROVIDERS: Provider[] = [
  { provide: ONLINE_OBJECT_STORE, useExisting: OBJECT_STORE },
  AltchaCheck,
  SubmissionLimits,
  OnlineUploadsInterceptor,
  OnlineSubmissionsService,
  OnlineIntakeService,
];
