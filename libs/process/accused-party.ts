/**
 * The accused (被检举控告的单位或个人) belongs to an accusation (检举控告) only: a suggestion or an
 * appeal names no accused, and an accusation names at least one (DOMAIN §6: the accused unit must
 * never receive or see the case, which it can only be protected from if it is named). An empty
 * string is no name: it counts as absent.
 */
import type { PetitionCategory } from './policy';

export interface AccusedParty {
  category: PetitionCategory;
  accusedUnitId?: string | null;
  accusedPerson?: string | null;
}

const named = (value: string | null | undefined): value is string => typeof value === 'string' && value !== '';

/** What is wrong with the accused named on a petition of this category, with the field at fault; null if nothing. */
export function accusedPartyProblem(
  party: AccusedParty,
): { field: 'accusedUnitId' | 'accusedPerson'; message: string } | null {
  const unit = named(party.accusedUnitId);
  const person = named(party.accusedPerson);
  if (party.category === 'accusation') {
    return unit || person
      ? null
      : {
          field: 'accusedUnitId',
          message: 'an accusation (检举控告) names the accused: accusedUnitId or accusedPerson is required',
        };
  }
  if (unit || person) {
    const field = unit ? 'accusedUnitId' : 'accusedPerson';
    return {
      field,
      message: `${field} belongs to an accusation (category "accusation", 检举控告) only; a petition of category "${party.category}" names no accused`,
    };
  }
  return null;
}
