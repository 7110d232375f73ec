import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { renderNotification, type StoredNotification } from '@/libs/notify/messages';
import { notAccusedUnit } from '@/libs/persistence/accused-unit';
import { formatInstant } from '@/libs/process/wire-time';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/api-error';
import type {
  DigestPreference,
  NotificationList,
  NotificationPreference,
  NotificationView,
} from './dto/notification-views';
import { NotificationDigestService } from './notification-digest.service';

/**
 * The console's notification centre: a user's notifications are those addressed to them by name,
 * or to their unit and their role in it (resolved now, so whoever holds the role hears of it), and
 * never one of a case whose accused unit is theirs (DOMAIN §6).
 */
const MINE = `(n.audience_user_id = $1 OR (n.audience_unit_id = $2 AND $3 = ANY (n.audience_roles)))
  AND (n.petition_id IS NULL OR ${notAccusedUnit('n.petition_id', '$2')})
  AND n.kind <> 'warningDigest'`;
// The digest is a mail of warnings the bell has already shown one by one: not in the bell again.

interface Row {
  id: string;
  key: string;
  petition_id: string | null;
  kind: StoredNotification['kind'];
  urgent: boolean;
  data: StoredNotification['data'];
  read_at: Date | null;
}

@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly digests: NotificationDigestService,
  ) {}

  async list(user: AuthenticatedUser, limit = 50, unreadOnly = false): Promise<NotificationList> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT n.id::text AS id, n.key, n.petition_id, n.kind, n.urgent, n.data, r.read_at
         FROM notifications n LEFT JOIN notification_reads r ON r.notification_key = n.key AND r.user_id = $1
        WHERE ${MINE} ${unreadOnly ? 'AND r.read_at IS NULL' : ''}
        ORDER BY n.id DESC LIMIT $4`,
      [user.id, user.unitId, user.role, limit],
    );
    return { unread: await this.unread(user), items: rows.map(view) };
  }

  async unread(user: AuthenticatedUser): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications n
        WHERE ${MINE} AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_key = n.key AND r.user_id = $1)`,
      [user.id, user.unitId, user.role],
    );
    return n;
  }

  /** Marks one of the user's notifications read (again: no change); 404 for one that is not theirs. */
  async markRead(user: AuthenticatedUser, id: string): Promise<number> {
    if (!/^\d{1,18}$/.test(id)) throw new ApiError('notFound', `no notification ${id} of yours`);
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO notification_reads (notification_key, user_id)
       SELECT n.key, $1 FROM notifications n WHERE n.id = $4::bigint AND ${MINE}
       ON CONFLICT DO NOTHING RETURNING 1`,
      [user.id, user.unitId, user.role, id],
    );
    if (rows.length === 0) {
      const [{ mine }]: { mine: boolean }[] = await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM notifications n WHERE n.id = $4::bigint AND ${MINE}) AS mine`,
        [user.id, user.unitId, user.role, id],
      );
      if (!mine) throw new ApiError('notFound', `no notification ${id} of yours`);
    }
    return this.unread(user);
  }

  /** The user's choices; a kind and channel not listed is on. */
  async preferences(user: AuthenticatedUser): Promise<NotificationPreference[]> {
    return this.dataSource.query(
      `SELECT kind, channel, enabled FROM notification_preferences WHERE user_id = $1 ORDER BY kind, channel`,
      [user.id],
    );
  }

  async setPreference(user: AuthenticatedUser, p: NotificationPreference): Promise<NotificationPreference[]> {
    await this.dataSource.query(
      `INSERT INTO notification_preferences (user_id, kind, channel, enabled) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, kind, channel) DO UPDATE SET enabled = EXCLUDED.enabled`,
      [user.id, p.kind, p.channel, p.enabled],
    );
    return this.preferences(user);
  }

  async digestPreference(user: AuthenticatedUser): Promise<DigestPreference> {
    const [row]: { warnings: boolean }[] = await this.dataSource.query(
      `SELECT warnings FROM notification_digest_settings WHERE user_id = $1`,
      [user.id],
    );
    return { warnings: row?.warnings ?? false, at: this.digests.at };
  }

  /** From now on: warnings already mailed stay mailed, those kept back still go in the next digest. */
  async setDigestPreference(user: AuthenticatedUser, warnings: boolean): Promise<DigestPreference> {
    await this.dataSource.query(
      `INSERT INTO notification_digest_settings (user_id, warnings) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET warnings = EXCLUDED.warnings`,
      [user.id, warnings],
    );
    return this.digestPreference(user);
  }

  async markAllRead(user: AuthenticatedUser): Promise<number> {
    await this.dataSource.query(
      `INSERT INTO notification_reads (notification_key, user_id)
       SELECT n.key, $1 FROM notifications n WHERE ${MINE}
       ON CONFLICT DO NOTHING`,
      [user.id, user.unitId, user.role],
    );
    return this.unread(user);
  }
}

function view(r: Row): NotificationView {
  const message = renderNotification({
    key: r.key,
    petitionId: r.petition_id,
    kind: r.kind,
    urgent: r.urgent,
    data: r.data,
  });
  return {
    id: r.id,
    key: r.key,
    kind: r.kind,
    urgent: r.urgent,
    title: message.title,
    lines: message.lines,
    ...(message.link ? { link: message.link } : {}),
    petitionId: r.petition_id,
    caseNumber: r.data.caseNumber ?? null,
    at: formatInstant(r.data.at),
    readAt: r.read_at ? formatInstant(r.read_at) : null,
  };
}
