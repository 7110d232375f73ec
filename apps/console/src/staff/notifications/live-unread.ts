/**
 * The live unread count (GET /me/notifications/stream, Server-Sent Events). EventSource cannot send
 * the bearer token, so the stream is read with fetch; a dropped stream is opened again after a pause.
 */
import { useEffect, useState } from 'react';
import { session } from '../../api/session-store';

const RECONNECT_MS = 3_000;

/** Parses `event:`/`data:` blocks out of the stream's text, calling `onUnread` for each `unread` event. */
function parseEvents(buffer: string, onUnread: (n: number) => void): string {
  let rest = buffer;
  for (let end = rest.indexOf('\n\n'); end >= 0; end = rest.indexOf('\n\n')) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim())
      .join('');
    if (!data) continue;
    try {
      const parsed = JSON.parse(data) as { unread?: unknown };
      if (typeof parsed.unread === 'number') onUnread(parsed.unread);
    } catch {
      // a line that is not ours: skipped
    }
  }
  return rest;
}

export function useLiveUnread(): number | null {
  const [unread, setUnread] = useState<number | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const open = async () => {
      try {
        const token = await session.accessToken();
        const response = await fetch('/me/notifications/stream', {
          headers: { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          signal: abort.signal,
        });
        if (!response.ok || !response.body) throw new Error(`stream: ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer = parseEvents(buffer + value, setUnread);
        }
      } catch {
        // closed, refused or the network dropped: try again below
      }
      if (!abort.signal.aborted) timer = setTimeout(() => void open(), RECONNECT_MS);
    };
    void open();
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return unread;
}
