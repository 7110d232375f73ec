/**
 * Single sign-on: the API accepts bearer JWTs of the agency's OIDC provider, verified with jose
 * against the provider's JWKS (issuer, audience, signature, expiry), and maps a claim to a known
 * user. The provider here is real enough: a key pair made for this test and its public key served
 * as a JWKS over HTTP, fetched by the API like any provider's.
 */
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createTestUser } from '../support/accounts';
import { useRunningService } from '../support/harness';

const ISSUER = 'https://sso.example.gov.cn/realms/petitions';
const AUDIENCE = 'petitions-api';

describe('bearer JWTs of an OIDC provider', () => {
  let jwksServer: Server;
  let providerKey: KeyLike;
  let jwksRequests = 0;
  const service = useRunningService({
    configure: async (config) => {
      const pair = await generateKeyPair('RS256');
      providerKey = pair.privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'provider-key-1', alg: 'RS256', use: 'sig' };
      jwksServer = createServer((_, response) => {
        jwksRequests++;
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((listening) => jwksServer.listen(0, '127.0.0.1', listening));
      const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/protocol/openid-connect/certs`;
      return {
        ...config,
        auth: {
          ...config.auth,
          oidc: { issuer: ISSUER, audience: AUDIENCE, jwksUrl, userClaim: 'preferred_username' },
        },
      };
    },
  });
  afterAll(async () => {
    await new Promise((closed) => jwksServer?.close(closed));
  });
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });

  function providerToken(
    claims: Record<string, unknown>,
    options: { key?: KeyLike; issuer?: string; audience?: string; expiresAt?: number } = {},
  ) {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'provider-key-1' })
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 300)
      .sign(options.key ?? providerKey);
  }

  it('a provider token whose claim names a user acts as that user, checked against the JWKS', async () => {
    const user = await createTestUser(service.dataSource, 'supervisor', 'c-xfj', { oidcSubject: `sso-${Date.now()}` });
    const subject = (await service.dataSource.query(`SELECT oidc_subject FROM users WHERE id = $1`, [user.id]))[0]
      .oidc_subject;
    const token = await providerToken({ sub: 'opaque-id-at-provider', preferred_username: subject });
    const me = await http.get('/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toMatchObject({ id: user.id, role: 'supervisor', unitId: 'c-xfj' });
    await http.get('/supervision/overdue').set('Authorization', `Bearer ${token}`).expect(200);
    expect(jwksRequests).toBeGreaterThanOrEqual(1);

    await service.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [user.id]);
    expect((await http.get('/auth/me').set('Authorization', `Bearer ${token}`).expect(401)).body.detail).toMatch(
      /deactivated/,
    );
  });

  it('refuses a provider token for no known user, for another audience, from another key, or expired', async () => {
    await createTestUser(service.dataSource, 'handler', 'x-zjj', { oidcSubject: 'known-handler' });
    const unknown = await http
      .get('/auth/me')
      .set('Authorization', `Bearer ${await providerToken({ preferred_username: 'nobody' })}`)
      .expect(401);
    expect(unknown.body.detail).toMatch(/not a user of this service/);
    const noClaim = await http
      .get('/auth/me')
      .set('Authorization', `Bearer ${await providerToken({ sub: 'x' })}`)
      .expect(401);
    expect(noClaim.body.detail).toMatch(/no "preferred_username" claim/);

    const otherAudience = await providerToken({ preferred_username: 'known-handler' }, { audience: 'another-app' });
    expect(
      (await http.get('/auth/me').set('Authorization', `Bearer ${otherAudience}`).expect(401)).body.detail,
    ).toMatch(/aud/);

    const stranger = (await generateKeyPair('RS256')).privateKey;
    const forged = await providerToken({ preferred_username: 'known-handler' }, { key: stranger });
    expect((await http.get('/auth/me').set('Authorization', `Bearer ${forged}`).expect(401)).body.detail).toMatch(
      /refused/,
    );

    const expired = await providerToken(
      { preferred_username: 'known-handler' },
      { expiresAt: Math.floor(Date.now() / 1000) - 120 },
    );
    expect((await http.get('/auth/me').set('Authorization', `Bearer ${expired}`).expect(401)).body.detail).toMatch(
      /expired/,
    );

    const good = await providerToken({ preferred_username: 'known-handler' });
    await http.get('/auth/me').set('Authorization', `Bearer ${good}`).expect(200);
  });

  it('an OIDC user has no session here to log out of', async () => {
    await createTestUser(service.dataSource, 'auditor', 'p-xfj', { oidcSubject: 'auditor-sso' });
    const token = await providerToken({ preferred_username: 'auditor-sso' });
    expect((await http.post('/auth/logout').set('Authorization', `Bearer ${token}`).expect(400)).body.detail).toMatch(
      /identity provider/,
    );
  });
});
