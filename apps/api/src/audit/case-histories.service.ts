import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  CaseHistory,
  CaseHistoryNotFound,
  closeStatus,
  decodeCaseHistory,
  eventCount,
} from '@/libs/audit/case-history';
import { loadCaseHistory } from '@/libs/audit/case-history-source';
import { ArchiveAltered, ArchiveRow, archiveRow } from '@/libs/audit/history-archive';
import type { PetitionDataConverter } from '@/libs/temporal/data-converter';
import { formatInstant } from '@/libs/process/wire-time';
import { petitionWorkflowId } from '@/workflows/petition/petition.contract';
import { DATA_CONVERTER, TEMPORAL_CLIENT } from '../common/tokens';
import type { HistorySummaryView } from './dto/history-views';

export interface LoadedCaseHistory {
  petitionId: string;
  source: 'archive' | 'temporal';
  history: CaseHistory;
  archive: ArchiveRow | null;
}

/**
 * Where a case's history is read from: its archive in PostgreSQL once it closed (checked against
 * its SHA-256), otherwise Temporal (a running case, or a closed one not archived yet).
 */
@Injectable()
export class CaseHistoriesService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(DATA_CONVERTER) private readonly converter: PetitionDataConverter,
  ) {}

  async load(petitionId: string): Promise<LoadedCaseHistory> {
    try {
      const loaded = await loadCaseHistory(
        this.dataSource.manager,
        async () => this.temporal,
        petitionId,
        petitionWorkflowId(petitionId),
      );
      return {
        ...loaded,
        archive: loaded.source === 'archive' ? await archiveRow(this.dataSource.manager, petitionId) : null,
      };
    } catch (error) {
      if (error instanceof ArchiveAltered) throw new ConflictException(`finding: ${error.message}`);
      if (error instanceof CaseHistoryNotFound) {
        throw new NotFoundException(
          `petition ${petitionId} has no history: it is not archived and Temporal no longer holds it`,
        );
      }
      throw error;
    }
  }

  decode(history: CaseHistory): Promise<CaseHistory> {
    return decodeCaseHistory(this.converter, history);
  }

  summary(loaded: LoadedCaseHistory): HistorySummaryView {
    return {
      petitionId: loaded.petitionId,
      workflowId: loaded.history.workflowId,
      source: loaded.source,
      closeStatus: closeStatus(loaded.history),
      runCount: loaded.history.runs.length,
      eventCount: eventCount(loaded.history),
      archive: loaded.archive && {
        contentSha256: loaded.archive.contentSha256,
        archivedAt: formatInstant(loaded.archive.archivedAt),
        archivedBy: loaded.archive.archivedBy,
        compressedBytes: loaded.archive.compressedBytes,
        uncompressedBytes: loaded.archive.uncompressedBytes,
      },
    };
  }
}
