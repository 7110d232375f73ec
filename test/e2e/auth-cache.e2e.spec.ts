/**
 * The API reuses a token's account read for a few seconds (apps/api/src/auth/user-cache.ts), and
 * revocation still takes effect at once: a change made behind the API's back (SQL as the owner, as
 * another replica or an operator would) empties the cache through PostgreSQL's notification; the
 * API's own logout empties it before it answers; with the listening connection gone the cache is off.
 */
import request from 'supertest';
import { createTestUser } from '../support/accounts';
import { useRunningService } from '../support/harness';
import { asOwner } from '../support/owner';

describe('the token cache never outlives a revocation', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });

  async function signedIn(): Promise<{ id: string; token: string }> {
    const account = await createTestUser(service.dataSource, 'handler', 'x-zjj');
    const response = await http.post('/auth/login').send({ userId: account.id, password: account.password });
    expect(response.status).toBe(200);
    return { id: account.id, token: response.body.accessToken as string };
  }

  const me = async (token: string) => (await http.get('/auth/me').set('Authorization', `Bearer ${token}`)).status;

  /** How long until the token is refused (ms), polling every 5 ms for at most 2 s; Infinity when never. */
  async function refusedAfter(token: string): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < 2000) {
      if ((await me(token)) === 401) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 5));
    }
    return Infinity;
  }

  it('is configured on (the default 5 s) in this service', () => {
    expect(service.config.auth.cacheSeconds).toBe(5);
  });

  it('a change of token version made in SQL behind the API is refused within the notification, long before the cache period', async () => {
    const user = await signedIn();
    // Cached by now: two reads with the same token.
    expect(await me(user.token)).toBe(200);
    expect(await me(user.token)).toBe(200);
    await asOwner(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [user.id]);
    const after = await refusedAfter(user.token);
    expect(after).toBeLessThan(1000);
    expect(await me(user.token)).toBe(401);
  });

  it('a session revoked and a user deactivated in SQL are refused as soon', async () => {
    const user = await signedIn();
    expect(await me(user.token)).toBe(200);
    await asOwner(`UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'test' WHERE user_id = $1`, [user.id]);
    expect(await refusedAfter(user.token)).toBeLessThan(1000);

    const other = await signedIn();
    expect(await me(other.token)).toBe(200);
    await asOwner(`UPDATE users SET active = false WHERE id = $1`, [other.id]);
    expect(await refusedAfter(other.token)).toBeLessThan(1000);
  });

  it('without the notification (trigger disabled by the owner) a cached read is reused, for at most AUTH_CACHE_SECONDS', async () => {
    const user = await signedIn();
    expect(await me(user.token)).toBe(200);
    await asOwner(`ALTER TABLE users DISABLE TRIGGER users_auth_changed`);
    try {
      await asOwner(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [user.id]);
      // The cache is what answers: the database already says no.
      expect(await me(user.token)).toBe(200);
    } finally {
      await asOwner(`ALTER TABLE users ENABLE TRIGGER users_auth_changed`);
    }
    const started = Date.now();
    while ((await me(user.token)) !== 401 && Date.now() - started < 8000) await new Promise((r) => setTimeout(r, 50));
    expect(await me(user.token)).toBe(401);
    expect(Date.now() - started).toBeLessThanOrEqual(service.config.auth.cacheSeconds! * 1000 + 200);
  });

  it("the API's own logout is refused on the very next request", async () => {
    const user = await signedIn();
    expect(await me(user.token)).toBe(200);
    await http.post('/auth/logout').set('Authorization', `Bearer ${user.token}`).expect(204);
    expect(await me(user.token)).toBe(401);
  });

  it('with its listening connection killed the cache is off, and a change is still refused', async () => {
    const user = await signedIn();
    expect(await me(user.token)).toBe(200);
    const killed = await asOwner<{ pid: number }>(
      `SELECT pg_terminate_backend(pid) AS killed, pid FROM pg_stat_activity WHERE query = 'LISTEN auth_changed' AND datname = current_database()`,
    );
    expect(killed.length).toBeGreaterThan(0);
    // Let the API see its connection end (it then reads the database on every request).
    await new Promise((r) => setTimeout(r, 200));
    await asOwner(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [user.id]);
    expect(await me(user.token)).toBe(401);
    // It listens again after a while (5 s), and a new sign-in works as before.
    const again = await signedIn();
    expect(await me(again.token)).toBe(200);
  });
});
