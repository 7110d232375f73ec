import { InitialSchema1763800000000 } from './1763800000000-initial-schema';

/** In order; TypeORM records each in its `migrations` table. */
export const MIGRATIONS = [InitialSchema1763800000000];
