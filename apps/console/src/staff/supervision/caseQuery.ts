/** One case (GET /petitions/:id), shared by the rows that show its clocks, so each case is fetched once. */
import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';

export type CaseClock = Schemas['ClockWireView'];

export function useCase(petitionId: string, enabled = true) {
  return useQuery({
    queryKey: ['case', petitionId],
    queryFn: () => call(api.GET('/petitions/{id}', { params: { path: { id: petitionId } } })),
    enabled,
  });
}

/** A clock of the case by key (`supervisionFeedback#1`), from the live state or else the read model. */
export function clockOf(data: Schemas['CaseView'] | undefined, clockKey: string | null | undefined): CaseClock | undefined {
  if (!data || !clockKey) return undefined;
  const view = data.live ?? data.readModel?.view;
  return view?.clocks.find((clock) => clock.key === clockKey);
}
