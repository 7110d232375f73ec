/** Petitions as the benchmark creates them: over HTTP as a registrar would, or started directly. */
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { UnitRef } from '../../libs/process';
import {
  PETITION_WORKFLOW_TYPE,
  PetitionWorkflowInput,
  RegistrationInput,
  petitionWorkflowId,
} from '../../workflows/petition/petition.contract';

export const REGISTRAR = { userId: 'x-registrar', role: 'registrar', unitId: 'x-xfj' } as const;
export { DAY_MS } from '../../libs/process/calendar';

export function registrationBody(receivedAt = Date.now() - 3600_000) {
  return {
    category: 'appeal',
    channel: 'visit',
    receivedAt: new Date(receivedAt).toISOString(),
    petitionerName: '张某',
    summary: '物业维修基金使用不透明',
  };
}

/** What the API hands Temporal for a registration (PetitionsService.register), without the intake row. */
export function registrationInput(office: UnitRef, receivedAt = Date.now() - 3600_000): RegistrationInput {
  const petitionId = randomUUID();
  return {
    petitionId,
    requestId: `register:bench-${petitionId}`,
    registeredBy: { ...REGISTRAR },
    registeringUnit: office,
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

export async function startDirect(client: Client, taskQueue: string, registration: RegistrationInput): Promise<string> {
  await client.workflow.start(PETITION_WORKFLOW_TYPE, {
    workflowId: petitionWorkflowId(registration.petitionId),
    taskQueue,
    args: [{ registration } satisfies PetitionWorkflowInput],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
  return registration.petitionId;
}

/** Runs `count` operations with at most `concurrency` in flight. */
export async function inParallel(
  count: number,
  concurrency: number,
  operation: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await operation(next++);
    }),
  );
}
