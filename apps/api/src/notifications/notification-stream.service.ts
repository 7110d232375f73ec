import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Socket } from 'node:net';
import {
  Observable,
  Subject,
  distinctUntilChanged,
  from,
  interval,
  map,
  merge,
  share,
  startWith,
  switchMap,
  takeUntil,
  catchError,
  EMPTY,
} from 'rxjs';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { NotificationsService } from './notifications.service';

/** How often the API process checks whether anything in the outbox changed. */
const WATCH_INTERVAL_MS = 1_000;
/** A comment line now and then keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

export interface UnreadEvent {
  data: { unread: number };
  type?: string;
}

/**
 * Live unread counts for the console's bell (Server-Sent Events). Notifications are written by the
 * worker's projection, in another process: one watermark query a second per API process (the
 * newest notification and the newest read) tells every open stream when to count again, so an
 * idle console costs nothing per user.
 */
@Injectable()
export class NotificationStreamService implements OnModuleDestroy {
  private readonly changes: Observable<string>;
  /** Ends every open stream when the API shuts down: an open response would keep the server from closing. */
  private readonly closing = new Subject<void>();
  /** Set at shutdown: a console reconnecting after that gets a stream that ends at once. */
  private closed = false;

  constructor(
    dataSource: DataSource,
    private readonly notifications: NotificationsService,
  ) {
    this.changes = interval(WATCH_INTERVAL_MS).pipe(
      switchMap(() =>
        from(
          dataSource.query(
            `SELECT (SELECT coalesce(max(id), 0) FROM notifications)::text || '/' ||
                    (SELECT coalesce(max(read_at), 'epoch') FROM notification_reads)::text AS mark`,
          ) as Promise<{ mark: string }[]>,
        ).pipe(catchError(() => EMPTY)),
      ),
      map((rows) => rows[0]?.mark ?? ''),
      distinctUntilChanged(),
      share(),
    );
  }

  /** The sockets of open streams: ended at shutdown, as a stream whose last write waits would hold the server open. */
  private readonly sockets = new Set<Socket>();

  unreadCounts(user: AuthenticatedUser, socket?: Socket): Observable<UnreadEvent> {
    // takeUntil on a completed notifier never ends: without this a late reconnect would hold the server open.
    if (this.closed) return EMPTY;
    if (socket) {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    }
    const counts = this.changes.pipe(
      startWith('now'),
      switchMap(() => from(this.notifications.unread(user)).pipe(catchError(() => EMPTY))),
      distinctUntilChanged(),
      map((unread): UnreadEvent => ({ type: 'unread', data: { unread } })),
    );
    const heartbeat = interval(HEARTBEAT_MS).pipe(
      switchMap(() => from(this.notifications.unread(user)).pipe(catchError(() => EMPTY))),
      map((unread): UnreadEvent => ({ type: 'unread', data: { unread } })),
    );
    return merge(counts, heartbeat).pipe(takeUntil(this.closing));
  }

  onModuleDestroy(): void {
    this.closed = true;
    this.closing.next();
    this.closing.complete();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
