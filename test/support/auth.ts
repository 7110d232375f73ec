/**
 * How a test authenticates as a demo user over HTTP. Every end-to-end test goes through here, so
 * the way staff sign in can change in one place.
 *
 * test/support/global-setup.ts signs every demo user in once per run through the real sign-in
 * (Argon2id password check, a session row, an access token signed with the configured key) and
 * leaves the access tokens in PETITIONS_TEST_BEARERS; this hands them out synchronously, so a test
 * file can keep `const REGISTRAR = staffBearer('x-registrar')` at its top. The sign-in HTTP
 * endpoints themselves are tested in test/e2e/sign-in.e2e.spec.ts. A test that changes a user
 * (role, unit, deactivation) creates its own user: changing a demo user would revoke the token
 * every later test file uses.
 */
export const TEST_BEARERS_ENV = 'PETITIONS_TEST_BEARERS';

let cache: Record<string, string> | undefined;

export function staffBearer(userId: string): string {
  cache ??= JSON.parse(process.env[TEST_BEARERS_ENV] ?? '{}') as Record<string, string>;
  const token = cache[userId];
  if (!token) {
    throw new Error(
      `no signed-in test token for "${userId}": staffBearer serves the demo users (${Object.keys(cache).join(', ') || 'none: is this test in the servers project, with global-setup?'})`,
    );
  }
  return `Bearer ${token}`;
}
