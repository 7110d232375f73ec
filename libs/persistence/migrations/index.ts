import { InitialSchema1763800000000 } from './1763800000000-initial-schema';
import { AccountabilityAndSupervision1763900000000 } from './1763900000000-accountability-and-supervision';

/** In order; TypeORM records each in its `migrations` table. */
export const MIGRATIONS = [InitialSchema1763800000000, AccountabilityAndSupervision1763900000000];
