import { Link } from 'react-router';

/** A supervisor's actions on an open task's case: for now on the case page, which offers what the API allows. */
export function TaskActions({ petitionId }: { petitionId: string }) {
  return <Link to={`/cases/${petitionId}`}>在案件页办理</Link>;
}
