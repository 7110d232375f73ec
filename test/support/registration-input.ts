/** The registration the pure (unit) tests start a case with: an appeal visited at the county petition office. */
import type { UnitRef } from '../../libs/process';
import type { RegistrationInput } from '../../workflows/petition/petition.contract';

export const COUNTY_OFFICE: UnitRef = {
  id: 'x-xfj',
  kind: 'petitionOffice',
  level: 'county',
  parentId: 'c-xfj',
  supervisingOfficeId: 'x-xfj',
  supervisingOffices: ['x-xfj', 'c-xfj', 'p-xfj'],
};

export function countyAppeal(petitionId: string, requestId: string, receivedAt: number): RegistrationInput {
  return {
    petitionId,
    requestId,
    registeredBy: { userId: 'x-registrar', role: 'registrar', unitId: 'x-xfj' },
    registeringUnit: COUNTY_OFFICE,
    category: 'appeal',
    channel: 'visit',
    receivedAt,
    urgent: false,
    collective: false,
    repeatOf: [],
    accusedUnitId: null,
    handleDirectly: false,
  };
}
