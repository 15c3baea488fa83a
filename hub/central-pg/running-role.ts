import type pg from 'pg';
import { loadOnFirstUse } from '../load-on-first-use.ts';

/** pg is loaded when a PostgreSQL pool is first opened: an office hub never opens one (load-on-first-use.ts). */
const postgres = loadOnFirstUse<typeof pg>('pg');

/**
 * The role the running central connects as (DATABASE_URL), beside the owner of the schema who runs
 * the migrations (`npm run hub -- migrate-pg --to <owner> --grant <role>`, hub/cli/migrate-pg.ts).
 * It may read and append what the central reads and appends, and nothing else: no UPDATE, DELETE or
 * TRUNCATE of a record, no DDL. The rollups are written by the owner's SECURITY DEFINER triggers and
 * a month's partitions made by the owner's create_month_partitions (migration 0007). Partitions are
 * reached through their parent, whose grant is the one checked, so a month made later needs none.
 *
 * Exactly what the code uses (batch-sql.ts, readers.ts, response-reads.ts, histograms.ts,
 * schema-gate.ts). heartbeat is in the batch statement (rows go to SQLite until the switch, the
 * statement names the table; its reads and the pruning's DELETE are CentralSql's, hub/devices/health-queries.ts
 * and hub/housekeeping/prune.ts, on PostgreSQL from the switch, which grants DELETE then). dead_letter, office_sync and audit_log are not used on PostgreSQL yet (the central keeps
 * them in SQLite): no grant until code writes them; migration_progress and migration_conflict are
 * migrate-central's, which runs as the owner.
 */
export const RUNNING_ROLE_TABLES: Readonly<Record<string, readonly ('SELECT' | 'INSERT')[]>> = {
  record_key: ['SELECT', 'INSERT'],
  press: ['SELECT', 'INSERT'],
  response: ['SELECT', 'INSERT'],
  heartbeat: ['SELECT', 'INSERT'],
  press_day: ['SELECT'],
  response_day: ['SELECT'],
  panel_day: ['SELECT'],
  device_response_day: ['SELECT'],
  schema_migration: ['SELECT'],
};
export const RUNNING_ROLE_FUNCTIONS = ['create_month_partitions(text, bigint, bigint)'] as const;

/** Why `role` must not run the central under this owner, in Russian, or null when it may. Changes nothing. */
export async function refuseRunningRole(client: pg.ClientBase, role: string): Promise<string | null> {
  const found = await client.query<RoleFacts>(ROLE_FACTS, [role]);
  const r = found.rows[0];
  if (!r) return `роли ${role} нет в PostgreSQL: создайте её (CREATE ROLE ${postgres().escapeIdentifier(role)} LOGIN PASSWORD '…') и запустите команду снова`;
  if (r.superuser) return `роль ${role} — суперпользователь: ей доступно всё, запуск от неё ничего не защищает`;
  if (r.is_owner) return `роль ${role} — это владелец схемы: центральный сборщик должен работать от другой роли`;
  if (r.createrole) return `у роли ${role} есть право CREATEROLE: она может сама выдать себе роль владельца (ALTER ROLE ${postgres().escapeIdentifier(role)} NOCREATEROLE)`;
  if (r.owns_objects) return `роль ${role} владеет таблицами или функциями схемы ${r.schema}: передайте их владельцу (REASSIGN OWNED BY ${postgres().escapeIdentifier(role)} TO <владелец>)`;
  if (r.in_owner) return `роль ${role} входит в роль владельца схемы или её таблиц и получает его права: выведите её (REVOKE <роль владельца> FROM ${postgres().escapeIdentifier(role)})`;
  if (r.writes_all) return `роль ${role} входит в pg_write_all_data и может менять любые записи: выведите её (REVOKE pg_write_all_data FROM ${postgres().escapeIdentifier(role)})`;
  if (r.may_create) return `роль ${role} может создавать объекты в схеме ${r.schema} (право CREATE, своё или у PUBLIC): REVOKE CREATE ON SCHEMA ${postgres().escapeIdentifier(r.schema)} FROM PUBLIC, ${postgres().escapeIdentifier(role)}`;
  return null;
}

interface RoleFacts {
  schema: string;
  superuser: boolean;
  createrole: boolean;
  is_owner: boolean;
  owns_objects: boolean;
  in_owner: boolean;
  writes_all: boolean;
  may_create: boolean;
}

// "The owner" is the connected owner, the schema's owner and whoever owns an object of the schema.
const ROLE_FACTS = `
WITH s AS (SELECT oid, nspname, nspowner FROM pg_namespace WHERE nspname = current_schema()),
owners AS (SELECT nspowner AS owner FROM s UNION SELECT c.relowner FROM pg_class c, s WHERE c.relnamespace = s.oid
           UNION SELECT p.proowner FROM pg_proc p, s WHERE p.pronamespace = s.oid UNION SELECT oid FROM pg_roles WHERE rolname = current_user)
SELECT s.nspname AS schema, r.rolsuper AS superuser, r.rolcreaterole AS createrole,
  r.rolname = current_user OR r.oid = s.nspowner AS is_owner,
  EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = s.oid AND c.relowner = r.oid)
    OR EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = s.oid AND p.proowner = r.oid) AS owns_objects,
  EXISTS (SELECT 1 FROM owners o WHERE pg_has_role(r.oid, o.owner, 'MEMBER')) AS in_owner,
  pg_has_role(r.oid, 'pg_write_all_data', 'MEMBER') AS writes_all,
  has_schema_privilege(r.oid, s.oid, 'CREATE') AS may_create
FROM pg_roles r, s WHERE r.rolname = $1`;

/**
 * Gives `role` exactly the grants above, in the caller's transaction: everything it held in the schema
 * is revoked first, so a second run leaves the same state, and a grant dropped from the list goes.
 * Then checks what it can really do (grants through PUBLIC or other roles count too) and throws if
 * that is more than the list.
 */
export async function grantRunningRole(client: pg.ClientBase, role: string): Promise<void> {
  const schema = postgres().escapeIdentifier(((await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!).s);
  const who = postgres().escapeIdentifier(role);
  // Only what the owner may administer: another role's object (a stray table) is left to the check below.
  const mine = await client.query<{ sql: string }>(OWN_OBJECTS);
  if (mine.rows.length > 0) await client.query(mine.rows.map((r) => `REVOKE ALL ON ${r.sql} FROM ${who}`).join(';\n'));
  await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${who}`);
  for (const [table, privileges] of Object.entries(RUNNING_ROLE_TABLES)) {
    await client.query(`GRANT ${privileges.join(', ')} ON ${schema}.${postgres().escapeIdentifier(table)} TO ${who}`);
  }
  for (const fn of RUNNING_ROLE_FUNCTIONS) await client.query(`GRANT EXECUTE ON FUNCTION ${schema}.${fn} TO ${who}`);

  const extra = await client.query<{ relname: string; privilege: string }>(EXTRA_PRIVILEGES, [role, JSON.stringify(RUNNING_ROLE_TABLES)]);
  if (extra.rows.length > 0) {
    const list = extra.rows.map((r) => `${r.privilege} на ${r.relname}`).join(', ');
    throw new Error(`роль ${role} получает больше прав, чем выдано (через PUBLIC или другие роли): ${list}; снимите их или выведите роль из ролей, которые их дают`);
  }
}

const OWN_OBJECTS = `
SELECT CASE WHEN c.relkind = 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || c.oid::regclass::text AS sql FROM pg_class c
WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND pg_has_role(current_user, c.relowner, 'USAGE')
UNION ALL
SELECT 'FUNCTION ' || p.oid::regprocedure::text FROM pg_proc p
WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
  AND p.prokind IN ('f', 'p') AND pg_has_role(current_user, p.proowner, 'USAGE')`;

// Every privilege the role holds on a table or sequence of the schema that the list does not give.
const EXTRA_PRIVILEGES = `
SELECT c.relname, p.privilege FROM pg_class c
CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p(privilege)
WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND has_table_privilege($1, c.oid, p.privilege)
  AND NOT coalesce(($2::jsonb -> c.relname) ? p.privilege, false)
UNION ALL
SELECT c.relname, 'USAGE' FROM pg_class c
WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relkind = 'S'
  AND (has_sequence_privilege($1, c.oid, 'USAGE') OR has_sequence_privilege($1, c.oid, 'UPDATE'))
ORDER BY 1, 2`;
