/**
 * 销号佐证: a campaign's strike-off may rest on files uploaded to the case as materials of kind
 * closureEvidence. The API resolves the material ids the office names to the version current now
 * (its fileId and SHA-256) and refuses, with one stable code, any id that is not such a material of
 * that case; the workflow receives ids and hashes only, never a file, a name or a caption.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StrikeOffEvidenceFile } from '@/workflows/campaign/campaign.contract';
import { ApiError } from '../common/api-error';

@Injectable()
export class ClosureEvidenceService {
  constructor(private readonly dataSource: DataSource) {}

  async resolve(petitionId: string, materialIds: readonly string[]): Promise<StrikeOffEvidenceFile[]> {
    if (materialIds.length === 0) return [];
    const rows: { material_id: string; file_id: string; sha256: string; kind: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (material_id) material_id, file_id, sha256, kind
           FROM case_materials WHERE petition_id = $1 AND material_id = ANY($2::uuid[])
          ORDER BY material_id, version DESC`,
      [petitionId, [...materialIds]],
    );
    const current = new Map(rows.map((r) => [r.material_id, r]));
    for (const materialId of materialIds) {
      const row = current.get(materialId);
      if (!row || row.kind !== 'closureEvidence')
        throw new ApiError(
          'evidenceMaterialInvalid',
          `material ${materialId} is not a closureEvidence material of petition ${petitionId}`,
          'evidenceMaterialIds',
          undefined,
          { messageKey: 'material.notClosureEvidence', params: { materialId } },
        );
    }
    return materialIds.map((materialId) => {
      const row = current.get(materialId)!;
      return { materialId, fileId: row.file_id, sha256: row.sha256 };
    });
  }
}
