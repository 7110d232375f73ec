import { Transform } from 'class-transformer';

/**
 * An optional id or name sent as "" means "none": forms send an empty field for one left blank.
 * Taken as absent before validation, it can neither slip past a check that tests truthiness nor
 * reach a foreign key as a unit "" (a 500 from PostgreSQL once).
 */
export const EmptyAsAbsent = () => Transform(({ value }) => (value === '' ? undefined : value));
