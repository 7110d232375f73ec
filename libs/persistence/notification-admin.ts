/**
 * An office's notification settings, kept by the admin (issue 19): where the unit is reached on
 * each channel (notification_addresses, owner_kind 'unit') and its quiet hours
 * (notification_quiet_hours), both read by the dispatcher at send time (libs/notify/dispatcher.ts),
 * so a change applies to what is still pending. The same rules as the rest of the directory
 * (directory-admin.ts): the unit must be within the admin's region, the change runs in the
 * caller's transaction and is recorded in admin_changes with its before and after.
 *
 * Secrets are not kept here: a 钉钉 robot's 加签 secret and the signed webhook's secret come from
 * the deployment's environment, for the deployment's own URL (libs/config/notify-channels.ts). An
 * office's robot set to keywords or an IP list needs none; the robot URL itself carries the robot's
 * key, so the change log records it without its query.
 */
import { isEmail } from 'class-validator';
import type { EntityManager } from 'typeorm';
import type { ChannelName } from '../notify/channel';
import { DirectoryError, record, unitInScope, type DirectoryActor } from './directory-admin';

/** The channels of notification_addresses' check constraint, in the order an admin reads them. */
export const NOTIFICATION_CHANNELS = [
  'email',
  'wecom',
  'dingtalk',
  'webhook',
  'sms',
] as const satisfies readonly ChannelName[];

/** HH:MM, Beijing time, as the quiet hours are kept (a `time` column). */
export const CLOCK_TIME_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/** A mainland mobile number: 11 digits from 13… to 19…, optionally written with +86. */
const MAINLAND_MOBILE = /^(?:\+?86[- ]?)?(1[3-9]\d{9})$/;

export interface NotificationAddress {
  channel: ChannelName;
  address: string;
}
export interface QuietHours {
  startsAt: string;
  endsAt: string;
}
export interface UnitNotificationSettings {
  unitId: string;
  addresses: NotificationAddress[];
  quietHours: QuietHours | null;
}

/**
 * The address as kept, or the refusal: an e-mail address; an https URL for the robots and the
 * gateway (a robot's URL is its key, a message names cases); a mainland mobile for SMS.
 */
export function normalisedAddress(channel: ChannelName, raw: string, field: string): string {
  const address = raw.trim();
  if (channel === 'email') {
    if (address.length > 254 || !isEmail(address))
      throw new DirectoryError('invalid', `${field}: not an e-mail address`, field, 'admin.notificationEmailInvalid');
    return address;
  }
  if (channel === 'sms') {
    const mobile = MAINLAND_MOBILE.exec(address.replace(/\s/g, ''))?.[1];
    if (!mobile)
      throw new DirectoryError(
        'invalid',
        `${field}: not a mainland mobile number`,
        field,
        'admin.notificationPhoneInvalid',
      );
    return mobile;
  }
  const url = URL.canParse(address) ? new URL(address) : null;
  if (!url || url.protocol !== 'https:' || url.hostname === '' || url.username || url.password || address.length > 2000)
    throw new DirectoryError('invalid', `${field}: not an https URL`, field, 'admin.notificationUrlInvalid');
  return url.href;
}

/** A robot's or gateway's URL for the log: its query (the robot's key, the access token) left out. */
function loggedAddress(channel: ChannelName, address: string): string {
  if (channel === 'email' || channel === 'sms') return address;
  const url = new URL(address);
  return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
}

async function addressesOf(db: EntityManager, unitId: string): Promise<NotificationAddress[]> {
  const rows: NotificationAddress[] = await db.query(
    `SELECT channel, address FROM notification_addresses WHERE owner_kind = 'unit' AND owner_id = $1`,
    [unitId],
  );
  return NOTIFICATION_CHANNELS.flatMap((c) => rows.filter((r) => r.channel === c));
}

async function quietHoursOf(db: EntityManager, unitId: string): Promise<QuietHours | null> {
  const [row] = await db.query(
    `SELECT to_char(starts_at, 'HH24:MI') AS "startsAt", to_char(ends_at, 'HH24:MI') AS "endsAt"
       FROM notification_quiet_hours WHERE unit_id = $1`,
    [unitId],
  );
  return (row as QuietHours | undefined) ?? null;
}

/** The change log's picture of the addresses: one field per channel, null where none. */
function addressRecord(addresses: NotificationAddress[]): Record<ChannelName, string | null> {
  const byChannel = Object.fromEntries(NOTIFICATION_CHANNELS.map((c) => [c, null])) as Record<
    ChannelName,
    string | null
  >;
  for (const a of addresses) byChannel[a.channel] = loggedAddress(a.channel, a.address);
  return byChannel;
}

export async function unitNotificationSettings(
  db: EntityManager,
  actor: DirectoryActor,
  unitId: string,
): Promise<UnitNotificationSettings> {
  await unitInScope(db, actor, unitId, 'unitId');
  return { unitId, addresses: await addressesOf(db, unitId), quietHours: await quietHoursOf(db, unitId) };
}

/** Replaces the unit's addresses with `wanted` (one per channel; an empty list removes them all). */
export async function setUnitNotificationAddresses(
  tx: EntityManager,
  actor: DirectoryActor,
  unitId: string,
  wanted: NotificationAddress[],
): Promise<UnitNotificationSettings> {
  const seen = new Set<ChannelName>();
  const addresses = wanted.map((a, i) => {
    const field = `addresses.${i}.address`;
    if (seen.has(a.channel))
      throw new DirectoryError(
        'invalid',
        `addresses.${i}.channel: ${a.channel} is given twice (one address per channel)`,
        `addresses.${i}.channel`,
        'admin.notificationChannelRepeated',
      );
    seen.add(a.channel);
    return { channel: a.channel, address: normalisedAddress(a.channel, a.address, field) };
  });
  await unitInScope(tx, actor, unitId, 'unitId', true);
  const before = await addressesOf(tx, unitId);
  await tx.query(`DELETE FROM notification_addresses WHERE owner_kind = 'unit' AND owner_id = $1`, [unitId]);
  for (const a of addresses)
    await tx.query(
      `INSERT INTO notification_addresses (owner_kind, owner_id, channel, address) VALUES ('unit', $1, $2, $3)`,
      [unitId, a.channel, a.address],
    );
  await record(
    tx,
    actor,
    'unitNotificationAddressesSet',
    'unit',
    unitId,
    addressRecord(before),
    addressRecord(addresses),
  );
  return { unitId, addresses: await addressesOf(tx, unitId), quietHours: await quietHoursOf(tx, unitId) };
}

/** Both times set a window, both absent clear it; one alone is refused. */
function quietHoursOfRequest(r: { startsAt?: string | null; endsAt?: string | null }): QuietHours | null {
  const { startsAt, endsAt } = r;
  if ((startsAt ?? null) === null && (endsAt ?? null) === null) return null;
  if (!startsAt || !endsAt)
    throw new DirectoryError(
      'invalid',
      `${startsAt ? 'endsAt' : 'startsAt'}: give both times, or neither to clear the quiet hours`,
      startsAt ? 'endsAt' : 'startsAt',
      'admin.quietHoursIncomplete',
    );
  return { startsAt, endsAt };
}

/**
 * Sets the unit's quiet hours (a window may span midnight: 22:00–07:00), or clears them (both times null).
 * Urgent notifications (breaches, 督办, urgent cases) ignore them; that is the dispatcher's rule.
 */
export async function setUnitQuietHours(
  tx: EntityManager,
  actor: DirectoryActor,
  unitId: string,
  requested: { startsAt?: string | null; endsAt?: string | null },
): Promise<UnitNotificationSettings> {
  const quietHours = quietHoursOfRequest(requested);
  if (quietHours) {
    for (const field of ['startsAt', 'endsAt'] as const)
      if (!CLOCK_TIME_PATTERN.test(quietHours[field]))
        throw new DirectoryError('invalid', `${field}: a time of day, HH:MM`, field, 'admin.quietHoursTime');
    if (quietHours.startsAt === quietHours.endsAt)
      throw new DirectoryError(
        'invalid',
        'endsAt: the quiet hours end when they start (an empty window)',
        'endsAt',
        'admin.quietHoursEmpty',
      );
  }
  await unitInScope(tx, actor, unitId, 'unitId', true);
  const before = await quietHoursOf(tx, unitId);
  if (quietHours)
    await tx.query(
      `INSERT INTO notification_quiet_hours (unit_id, starts_at, ends_at) VALUES ($1, $2, $3)
       ON CONFLICT (unit_id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at`,
      [unitId, quietHours.startsAt, quietHours.endsAt],
    );
  else await tx.query(`DELETE FROM notification_quiet_hours WHERE unit_id = $1`, [unitId]);
  const none = { startsAt: null, endsAt: null };
  await record(tx, actor, 'unitQuietHoursSet', 'unit', unitId, before ?? none, quietHours ?? none);
  return { unitId, addresses: await addressesOf(tx, unitId), quietHours: await quietHoursOf(tx, unitId) };
}
