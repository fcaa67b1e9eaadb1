// Names of the PostgreSQL twin of Azure SQL: which Azure names it accepts, and what each becomes in
// PostgreSQL. One cluster serves every emulated SQL server, so a database is named after its
// server and itself (`<server>/<database>`): two environments' `appdb` stay two databases, as they
// are two databases on two servers in Azure. Pure.
import { createHash } from 'node:crypto';

/** PostgreSQL keeps at most NAMEDATALEN - 1 = 63 bytes of an identifier (database or role name). */
export const POSTGRES_NAME_BYTES = 63;

/** The twin's own superuser (initdb -U): never a name an Azure principal may take in the twin. */
export const TWIN_SUPERUSER = 'postgres';

/** `"name"`, with any `"` doubled: DDL takes no parameters, so every name in it is quoted. */
export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

// Control characters, spelled as a class so the source holds none.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Azure's rule for `Microsoft.Sql/servers`: "1-63 | Lowercase letters, numbers, and hyphens. Can't
 * start or end with hyphen." (azure-resource-manager/management/resource-name-rules.md). A problem
 * or undefined.
 */
export function serverNameProblem(name: string): string | undefined {
  if (/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) return undefined;
  return `SQL server name ${JSON.stringify(name)} breaks Azure's rule: 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen`;
}

/**
 * Azure's rule for `Microsoft.Sql/servers/databases`: "1-128 | Can't use: `<>*%&:\/?` or control
 * characters. Can't end with period or space." (resource-name-rules.md).
 */
export function databaseNameProblem(name: string): string | undefined {
  const broken =
    name.length === 0 ||
    name.length > 128 ||
    /[<>*%&:\\/?]/.test(name) ||
    CONTROL.test(name) ||
    /[. ]$/.test(name);
  if (!broken) return undefined;
  return `SQL database name ${JSON.stringify(name)} breaks Azure's rule: 1 to 128 characters, none of <>*%&:\\/? or control characters, not ending with a period or a space`;
}

/**
 * The Entra administrator's `login` becomes a PostgreSQL role of that name. Azure takes a principal's
 * display name there; the twin also needs what PostgreSQL can hold: at most 63 bytes, not its own
 * superuser, not the `pg_` prefix PostgreSQL reserves ("Role names beginning with pg_ are
 * reserved", CREATE ROLE).
 */
export function loginProblem(login: string): string | undefined {
  const quoted = JSON.stringify(login);
  if (login.trim() === '' || CONTROL.test(login)) {
    return `Entra administrator login ${quoted} must be a principal's name without control characters`;
  }
  if (Buffer.byteLength(login) > POSTGRES_NAME_BYTES) {
    return `Entra administrator login ${quoted} is longer than the ${POSTGRES_NAME_BYTES} bytes a PostgreSQL role name holds; the local twin cannot create it`;
  }
  if (login === TWIN_SUPERUSER || login.startsWith('pg_')) {
    return `Entra administrator login ${quoted} is reserved in the local PostgreSQL twin (its superuser, or the pg_ prefix)`;
  }
  return undefined;
}

/**
 * `<server>/<database>`: neither Azure name may hold a `/`, so the pair is unambiguous. Past the 63
 * bytes PostgreSQL keeps, the name is cut and ends in `~` and 8 hex digits of its SHA-256, so that
 * it stays deterministic and distinct instead of being truncated silently by PostgreSQL.
 */
export function twinDatabaseName(server: string, database: string): string {
  const full = `${server}/${database}`;
  if (Buffer.byteLength(full) <= POSTGRES_NAME_BYTES) return full;
  const digest = createHash('sha256').update(full).digest('hex').slice(0, 8);
  let head = '';
  for (const char of full) {
    if (Buffer.byteLength(head + char) > POSTGRES_NAME_BYTES - 9) break;
    head += char;
  }
  return `${head}~${digest}`;
}

/** `sql-x.database.windows.net` → `sql-x`: a server's name is the first label of its FQDN. */
export function serverOfFqdn(fqdn: string): string {
  return fqdn.split('.')[0] ?? fqdn;
}
