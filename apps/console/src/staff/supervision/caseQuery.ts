/** One case (GET /petitions/:id) for the clocks a task row shows. */
import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';

export type CaseClock = Schemas['ClockWireView'];

/**
 * The same query as the action forms' useCaseView (same key, so one fetch per case, and refreshed
 * when an action invalidates the case), but only when the row needs it.
 */
export function useCase(petitionId: string, enabled = true) {
  return useQuery({
    queryKey: ['petition', petitionId, 'view'],
    queryFn: () => call(api.GET('/petitions/{id}', { params: { path: { id: petitionId } } })),
    enabled,
  });
}

/** A clock of the case by key (`supervisionFeedback#1`), from the live state or else the read model. */
export function clockOf(
  data: Schemas['CaseView'] | undefined,
  clockKey: string | null | undefined,
): CaseClock | undefined {
  if (!data || !clockKey) return undefined;
  const view = data.live ?? data.readModel?.view;
  return view?.clocks.find((clock) => clock.key === clockKey);
}
