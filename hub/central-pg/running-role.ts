import type pg from 'pg';
import { loadOnFirstUse } from '../load-on-first-use.ts';
import { MOVED_TABLES } from '../sql/copy-tables.ts';

type MovedTableName = (typeof MOVED_TABLES)[number]['name'];

/** pg is loaded when a PostgreSQL pool is first opened: an office hub never opens one (load-on-first-use.ts). */
const postgres = loadOnFirstUse<typeof pg>('pg');

/**
 * The role the running central connects as (DATABASE_URL), beside the owner of the schema who runs
 * the migrations (`npm run hub -- migrate-pg --to <owner> --grant <role>`, hub/cli/migrate-pg.ts).
 * It may do what the central's code does, and nothing else: no UPDATE, DELETE or TRUNCATE of a
 * record, no DDL. The rollups are written by the owner's SECURITY DEFINER triggers and a month's
 * partitions made by the owner's create_month_partitions (migration 0007). Partitions are reached
 * through their parent, whose grant is the one checked, so a month made later needs none.
 * migration_progress and migration_conflict are migrate-central's, which runs as the owner.
 */
export type TablePrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';
type Grants = Readonly<Record<string, readonly TablePrivilege[]>>;

const READ: readonly TablePrivilege[] = ['SELECT'];
const APPEND: readonly TablePrivilege[] = ['SELECT', 'INSERT'];
const EDIT: readonly TablePrivilege[] = ['SELECT', 'INSERT', 'UPDATE'];
const EDIT_DELETE: readonly TablePrivilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
const APPEND_DELETE: readonly TablePrivilege[] = ['SELECT', 'INSERT', 'DELETE'];

/** The records and their rollups (batch-sql.ts, readers.ts, response-reads.ts, histograms.ts, schema-gate.ts). */
const RECORD_TABLES: Grants = {
  record_key: APPEND,
  press: APPEND,
  response: APPEND,
  // Written by the batch statement; the store's grant below (with the prune's DELETE) wins.
  heartbeat: APPEND,
  press_day: READ,
  response_day: READ,
  panel_day: READ,
  device_response_day: READ,
  schema_migration: READ,
};

/**
 * The central's own tables (hub/sql/copy-tables.ts MOVED_TABLES): exactly what each store's code
 * does (insertInto / updateTable / deleteFrom; an upsert, ON CONFLICT DO UPDATE, is UPDATE too).
 * An entry counts only once its table is in MOVED_TABLES, so a table about to move may be listed
 * before its migration exists; a moved table without an entry fails tsc (EVERY_MOVED_TABLE_GRANTED).
 * Append-only stays SELECT, INSERT: audit_log (its triggers refuse the rest as well), dead_letter,
 * register_event, ms_attachment_data (deleted only by the cascade from ms_attachment, which
 * PostgreSQL runs as the table's owner). ms_visit has no DELETE (its trigger refuses it anyway).
 * Identity columns need no grant on their sequence: an INSERT takes the next value unchecked, and
 * the copy's setval runs as the owner.
 */
const STORE_TABLES = {
  office: EDIT, // the directory: insert, upsert (an office hub's apply), rename, close
  report_archive: EDIT, // put (upsert by kind and period), mail status
  office_silence_notice: EDIT_DELETE, // noticeTable: upsert, delete
  device_alert_notice: EDIT_DELETE,
  config_alert_notice: EDIT_DELETE,
  low_score_alert: EDIT,
  phone_campaign: EDIT,
  phone_call: EDIT,
  interviewer_refusal: APPEND,
  pain: EDIT,
  pain_evidence: APPEND,
  measure: EDIT,
  staff_user: EDIT,
  staff_role: APPEND_DELETE, // replaced per user: delete, insert
  staff_session: EDIT_DELETE, // touch, logout, expiry
  setup_link: EDIT,
  ms_template: EDIT,
  ms_visit: EDIT,
  ms_attachment: APPEND_DELETE,
  ms_attachment_data: APPEND,
  audit_log: APPEND,
  office_key: EDIT, // revoke
  hub_request_seen: APPEND_DELETE, // expired signatures pruned
  office_sync: EDIT, // UPSERT_OFFICE_SYNC (batch-sql.ts)
  dead_letter: APPEND, // INSERT_DEAD_LETTERS (batch-sql.ts)
  setting: EDIT,
  config_revision: APPEND,
  office_config_report: EDIT,
  regional_config_state: EDIT,
  service: EDIT,
  invitation_code: APPEND_DELETE, // expired codes pruned
  invitation_use: APPEND,
  register_reminder: APPEND,
  pairing_code: EDIT,
  invitation: APPEND,
  invitation_day: EDIT, // the trigger invitation_day_count on invitation upserts as the inserting role
  register_event: APPEND,
  register_entry: EDIT, // the fold: upsert by id
  survey: EDIT,
  survey_version: APPEND,
  survey_offer: APPEND_DELETE, // replaced: delete, insert
  staff_survey_link: EDIT,
  device: EDIT,
  device_link: EDIT,
  device_event: APPEND_DELETE, // history trimmed per device
  device_panel: EDIT,
  // The receive path's tables:
  heartbeat: APPEND_DELETE, // housekeeping/prune.ts
  office_invitation_day: EDIT, // upsert
  survey_answer: APPEND,
  survey_summary: APPEND,
  survey_tally_total: EDIT_DELETE, // addToTally upserts; ensureCounted deletes and recounts a version
  survey_tally_question: EDIT_DELETE,
  survey_tally_value: EDIT_DELETE,
  survey_tally_version: APPEND,
} as const satisfies Grants;

// A table moved (in MOVED_TABLES) without an entry above would be refused by PostgreSQL at the switch: tsc says so.
type Ungranted = Exclude<MovedTableName, keyof typeof STORE_TABLES>;
export const EVERY_MOVED_TABLE_GRANTED: [Ungranted] extends [never] ? true : Ungranted = true;

/** The grants of the running role: the records', then every moved table's (a store's grant wins for a table in both). */
export const RUNNING_ROLE_TABLES: Grants = runningRoleTables(MOVED_TABLES.map((t) => t.name));

/** The grants for a given list of moved tables: exported for the test that a moved table without an entry is caught. */
export function runningRoleTables(moved: readonly string[]): Grants {
  const grants: Record<string, readonly TablePrivilege[]> = { ...RECORD_TABLES };
  for (const table of moved) {
    const privileges = (STORE_TABLES as Grants)[table];
    if (!privileges) throw new Error(`таблица ${table} перенесена (MOVED_TABLES), но права роли центрального на неё не заданы (running-role.ts)`);
    grants[table] = privileges;
  }
  return grants;
}

/** Entries for tables not (yet) moved: not granted until their table is in MOVED_TABLES. */
export const NOT_YET_MOVED: readonly string[] = Object.keys(STORE_TABLES).filter((t) => !MOVED_TABLES.some((m) => m.name === t));

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
  // A table the schema does not have (a schema migrated only part way, as the tests make) gets nothing;
  // after migrate-pg's migrations every listed table exists (its test compares the whole list).
  const present = new Set((await client.query<{ relname: string }>(SCHEMA_TABLES)).rows.map((r) => r.relname));
  for (const [table, privileges] of Object.entries(RUNNING_ROLE_TABLES)) {
    if (!present.has(table)) continue;
    await client.query(`GRANT ${privileges.join(', ')} ON ${schema}.${postgres().escapeIdentifier(table)} TO ${who}`);
  }
  for (const fn of RUNNING_ROLE_FUNCTIONS) await client.query(`GRANT EXECUTE ON FUNCTION ${schema}.${fn} TO ${who}`);

  const extra = await client.query<{ relname: string; privilege: string }>(EXTRA_PRIVILEGES, [role, JSON.stringify(RUNNING_ROLE_TABLES)]);
  if (extra.rows.length > 0) {
    const list = extra.rows.map((r) => `${r.privilege} на ${r.relname}`).join(', ');
    throw new Error(`роль ${role} получает больше прав, чем выдано (через PUBLIC или другие роли): ${list}; снимите их или выведите роль из ролей, которые их дают`);
  }
}

const SCHEMA_TABLES = `SELECT relname FROM pg_class WHERE relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND relkind IN ('r', 'p')`;

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
