/**
 * A replay as the auditor follows it: up to 10 cases the API answers at once (200, the report);
 * more become a job (202) read again every second until it is no longer queued or running.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { replayJob, startReplay } from './queries';
import type { ReplayJobView } from './types';

const unfinished = (job: ReplayJobView | undefined) => job?.status === 'queued' || job?.status === 'running';

export function useReplay() {
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: startReplay,
    onMutate: () => setJobId(null),
    onSuccess: (job) => setJobId(unfinished(job) ? job.jobId : null),
  });
  const followed = useQuery({
    queryKey: ['audit', 'replay-job', jobId],
    queryFn: () => replayJob(jobId!),
    enabled: jobId !== null,
    // Read again while the job runs; a refusal (the job not found) ends the polling, shown as an error.
    refetchInterval: (query) =>
      query.state.error === null && (query.state.data === undefined || unfinished(query.state.data)) ? 1000 : false,
  });
  const job = jobId !== null && followed.data?.jobId === jobId ? followed.data : start.data;
  return {
    start: start.mutate,
    starting: start.isPending,
    job,
    running: start.isPending || unfinished(job),
    error: start.error ?? followed.error,
  };
}
