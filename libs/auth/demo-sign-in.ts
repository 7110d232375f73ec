/** The demo users signed in through the real sign-in code, for the test harnesses and the benchmark. */
import { loadConfig } from '../config/config';
import { createDataSource } from '../persistence/data-source';
import { DEMO_USERS } from '../persistence/demo-seed';
import { signIn } from './sessions';

/**
 * Every demo user's access token, valid for six hours (a long test run or benchmark), signed with
 * the key of `env` (the one the API replicas verify with); `databaseUrl` is where the users are.
 */
export async function signInDemoUsers(env: NodeJS.ProcessEnv, databaseUrl: string): Promise<Record<string, string>> {
  const config = loadConfig({ ...env, DATABASE_URL: databaseUrl });
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    const tokens: Record<string, string> = {};
    for (const user of DEMO_USERS)
      tokens[user.id] = (
        await signIn(dataSource, config.auth, user.id, user.password, { accessTtlSeconds: 6 * 3600 })
      ).accessToken;
    return tokens;
  } finally {
    await dataSource.destroy();
  }
}
