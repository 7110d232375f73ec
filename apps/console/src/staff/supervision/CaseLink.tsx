import { Link } from 'react-router';

/**
 * A case by its 信访件编号, linking to the case page (the id in the tooltip); a case registered
 * before numbers existed, or a list that does not carry numbers, shows the first part of its id.
 */
export function CaseLink({
  petitionId,
  caseNumber,
}: {
  petitionId: string | null | undefined;
  caseNumber?: string | null;
}) {
  if (!petitionId) return <>—</>;
  return (
    <Link to={`/cases/${petitionId}`} title={petitionId}>
      {caseNumber ?? petitionId.slice(0, 8)}
    </Link>
  );
}
