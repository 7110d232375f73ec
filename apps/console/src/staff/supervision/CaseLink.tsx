import { Link } from 'react-router';

/**
 * A case by its 信访件编号, linking to the case page. A list that does not carry numbers says
 * 查看案件: a person never reads the internal id, not even a part of it.
 */
export function CaseLink({
  petitionId,
  caseNumber,
}: {
  petitionId: string | null | undefined;
  caseNumber?: string | null;
}) {
  if (!petitionId) return <>—</>;
  return <Link to={`/cases/${petitionId}`}>{caseNumber ?? '查看案件'}</Link>;
}
