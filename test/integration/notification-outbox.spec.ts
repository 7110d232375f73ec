/**
 * The outbox's writer on real PostgreSQL: a person told by name gets a delivery on each channel
 * they have an address on, except a kind they turned off there; writing the same batch again adds
 * nothing.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { writeNotifications } from '../../libs/persistence/notification-outbox';
import type { ProjectionBatch } from '../../libs/process';
import { createTestUser } from '../support/accounts';
import { openDataSource } from '../support/harness';

describe('the notification outbox writer', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openDataSource();
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  /** A batch of one 分办 to `userId` (event seq 3), as the projection would get it. */
  function assignment(petitionId: string, userId: string): ProjectionBatch {
    const view = {
      petitionId,
      caseNumber: '示县信〔2030〕第00042号',
      urgent: false,
      routingUnitId: 'x-xfj',
      handlingUnitId: 'x-zjj',
      clocks: [],
      supervisionTasks: [],
    } as unknown as ProjectionBatch['view'];
    return {
      petitionId,
      workflowId: `petition-${petitionId}`,
      revision: 3,
      view,
      events: [
        {
          seq: 3,
          type: 'handlerAssigned',
          at: Date.now(),
          actor: null,
          requestId: null,
          clockKey: null,
          data: { unitId: 'x-zjj', handlerUserId: userId, previousHandlerUserId: null, reason: null },
        },
      ],
      ledger: [],
      escalations: [],
    };
  }

  it('a kind turned off on a channel gets no delivery there; the others do; a second write adds nothing', async () => {
    const user = await createTestUser(dataSource, 'handler', 'x-zjj');
    for (const channel of ['email', 'sms'])
      await dataSource.query(
        `INSERT INTO notification_addresses (owner_kind, owner_id, channel, address) VALUES ('user', $1, $2, $3)`,
        [user.id, channel, `${channel}:${user.id}`],
      );
    await dataSource.query(
      `INSERT INTO notification_preferences (user_id, kind, channel, enabled) VALUES ($1, 'handlerAssigned', 'sms', false)`,
      [user.id],
    );
    const petitionId = randomUUID();
    const batch = assignment(petitionId, user.id);
    expect(await dataSource.transaction((tx) => writeNotifications(tx, batch))).toBe(1);
    expect(await dataSource.transaction((tx) => writeNotifications(tx, batch))).toBe(0);
    const rows: { key: string; kind: string; audience_user_id: string }[] = await dataSource.query(
      `SELECT key, kind, audience_user_id FROM notifications WHERE petition_id = $1`,
      [petitionId],
    );
    expect(rows).toEqual([
      { key: `${petitionId}:3:user:${user.id}`, kind: 'handlerAssigned', audience_user_id: user.id },
    ]);
    const deliveries: { channel: string }[] = await dataSource.query(
      `SELECT channel FROM notification_deliveries WHERE notification_key = $1`,
      [rows[0].key],
    );
    expect(deliveries).toEqual([{ channel: 'email' }]);
  });
});
