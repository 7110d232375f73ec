/**
 * The runtime role the API and the worker connect as (least privilege), set up by migrate, which
 * connects as the owner of the schema. See the migration RuntimeGrants1765130000000.
 */
import type { DataSource } from 'typeorm';

export const DEFAULT_RUNTIME_ROLE = 'petitions_runtime';
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface RuntimeRoleOptions {
  role: string;
  /** When given, the role is created (LOGIN) or its password set; otherwise it must exist already. */
  password?: string;
}

export async function applyRuntimeRole(dataSource: DataSource, options: RuntimeRoleOptions): Promise<void> {
  if (!ROLE_NAME.test(options.role))
    throw new Error(`DATABASE_RUNTIME_ROLE "${options.role}" is not a plain role name`);
  const exists = (await dataSource.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [options.role])).length > 0;
  if (options.password !== undefined) {
    // A role name and a password cannot be bound parameters in DDL: quote them as literals.
    const password = (await dataSource.query(`SELECT quote_literal($1::text) AS p`, [options.password]))[0].p as string;
    await dataSource.query(
      `${exists ? 'ALTER' : 'CREATE'} ROLE ${options.role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD ${password}`,
    );
  } else if (!exists) {
    throw new Error(
      `the runtime role "${options.role}" does not exist: create it (CREATE ROLE ${options.role} LOGIN PASSWORD '…'), or give migrate DATABASE_RUNTIME_PASSWORD to create it`,
    );
  }
  const [{ db }] = await dataSource.query(`SELECT current_database() AS db`);
  await dataSource.query(`GRANT CONNECT ON DATABASE ${JSON.stringify(db)} TO ${options.role}`);
  await dataSource.query(`SELECT apply_runtime_grants($1)`, [options.role]);
}

/** The URL the API and the worker use: the owner's URL with the runtime role's credentials. */
export function runtimeUrl(ownerUrl: string, role: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = encodeURIComponent(password);
  return url.toString();
}

/**
 * A production API or worker refuses to run connected as the schema's owner or a superuser: such
 * a connection could drop the ledger's and the audit trail's triggers, which is what the runtime
 * role exists to prevent (README "Configuration", DATABASE_RUNTIME_ROLE).
 */
export async function refuseOwnerConnection(dataSource: DataSource, processName: string): Promise<void> {
  const [row] = await dataSource.query(
    `SELECT current_user AS who, r.rolsuper AS superuser,
            pg_has_role(current_user, c.relowner, 'USAGE') AS owner
       FROM pg_roles r, pg_class c
      WHERE r.rolname = current_user AND c.oid = 'public.accountability_records'::regclass`,
  );
  if (row && (row.superuser || row.owner)) {
    throw new Error(
      `the ${processName} is connected to PostgreSQL as "${row.who}", ${row.superuser ? 'a superuser' : 'the owner of the schema'}: ` +
        `with NODE_ENV=production it connects as the runtime role (DATABASE_URL with ${DEFAULT_RUNTIME_ROLE}'s credentials; ` +
        `npm run migrate with DATABASE_RUNTIME_PASSWORD creates it), so that it cannot drop the ledger's triggers`,
    );
  }
}
