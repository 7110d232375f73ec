/** The one SQL form of the rule that hides an accusation from its accused unit (DOMAIN §6). */

/**
 * DOMAIN §6: the accused unit of an accusation never learns the case exists. The same rule that
 * hides the case's rows from that unit's reads (apps/api/src/accountability/oversight-scope.ts)
 * keeps its notifications from it: a SQL condition true unless `unitSql` is the case's accused unit.
 */
export function notAccusedUnit(petitionIdSql: string, unitSql: string): string {
  return `NOT EXISTS (SELECT 1 FROM petition_intakes accused WHERE accused.petition_id = ${petitionIdSql} AND accused.accused_unit_id = ${unitSql})`;
}
