import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import { ServiceConfig, redactUrl } from '@/libs/config/config';
import { Public } from '../auth/auth.guard';
import { SERVICE_CONFIG, TEMPORAL_CLIENT } from '../common/tokens';

interface Check {
  ok: boolean;
  target: string;
  error?: string;
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** The process is up. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready to serve: PostgreSQL and Temporal both answer. 503 names the one that does not, and where it was looked for. */
  @Get('ready')
  async ready(@Res() response: Response) {
    const [postgres, temporal] = await Promise.all([
      this.check(redactUrl(this.config.databaseUrl), () => this.dataSource.query('SELECT 1')),
      this.check(this.config.temporalAddress, () => this.temporal.workflowService.getSystemInfo({})),
    ]);
    const ok = postgres.ok && temporal.ok;
    response
      .status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: ok ? 'ready' : 'unavailable', postgres, temporal });
  }

  private async check(target: string, probe: () => Promise<unknown>): Promise<Check> {
    try {
      await Promise.race([
        probe(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 3 s')), 3000)),
      ]);
      return { ok: true, target };
    } catch (error) {
      return { ok: false, target, error: (error as Error).message };
    }
  }
}
