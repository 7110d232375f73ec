import { Link } from 'react-router';

/** A case by the first part of its id, linking to the case page (the full id in the tooltip). */
export function CaseLink({ petitionId }: { petitionId: string | null | undefined }) {
  if (!petitionId) return <>—</>;
  return (
    <Link to={`/cases/${petitionId}`} title={petitionId}>
      {petitionId.slice(0, 8)}
    </Link>
  );
}
