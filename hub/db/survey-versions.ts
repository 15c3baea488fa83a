import type { Kysely } from 'kysely';
import { surveyDefinitionSchema, type SurveyDefinition, type SurveyVersion } from '../../shared/surveys/definition.ts';
import { fromInstant, toInstant } from '../../shared/time.ts';
import { queryable, type Queryable } from '../sql/queryable.ts';
import type { Tables } from '../sql/tables.ts';
import { newestLoadWins } from './newest-load.ts';
import { SettingNotLoadedError } from './working-hours-store.ts';

/**
 * The frozen versions of built surveys and an office hub's offer (migration 0020; PostgreSQL 0024),
 * on CentralSql, on both roles: the central writes one when the CX sector publishes, an office hub
 * when the regional configuration brings it. A version is never changed: answers are checked
 * against it and results are cut by it.
 *
 * The record ingest checks every survey answer against its version synchronously, so the versions
 * and the offer are read from memory (ctx.surveyVersions, `createSurveyVersionStore`): `load` fills
 * it at start (loadRegionalSettings) and again after every transaction that wrote them (publishing,
 * the regional configuration's apply), committed or rolled back. They are small: a few dozen
 * definitions of a few kilobytes each.
 */
export type SurveyVersionLookup = (surveyId: string, version: number) => SurveyDefinition | null;

/** No version known: for an ingest that stores no survey answers (tests of other records). */
export const NO_SURVEY_VERSIONS: SurveyVersionLookup = () => null;

const run = async <T>(sql: Queryable, body: (db: Kysely<Tables>) => Promise<T>): Promise<T> => ('selectFrom' in sql ? body(sql) : sql.transaction(body));

interface VersionRow {
  survey_id: string;
  version: number;
  published_at: number;
  definition: string;
}

const versionOf = (r: VersionRow): SurveyVersion => ({
  surveyId: r.survey_id,
  version: Number(r.version),
  publishedAt: toInstant(Number(r.published_at)),
  definition: JSON.parse(r.definition) as SurveyDefinition,
});

// Sorted here, not by the databases: SQLite and PostgreSQL order text differently (ids are ASCII).
const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const bySurveyAndVersion = (a: SurveyVersion, b: SurveyVersion) => text(a.surveyId, b.surveyId) || a.version - b.version;
const byPublishedAndSurvey = (a: SurveyVersion, b: SurveyVersion) => fromInstant(a.publishedAt) - fromInstant(b.publishedAt) || text(a.surveyId, b.surveyId);

/** Every version of every survey from the database, by survey then version. */
export async function readAllSurveyVersions(sql: Queryable): Promise<SurveyVersion[]> {
  const rows = await queryable(sql).selectFrom('survey_version').select(['survey_id', 'version', 'published_at', 'definition']).execute();
  return rows.map(versionOf).sort(bySurveyAndVersion);
}

/** Every version of one survey from the database, oldest first. */
export async function readSurveyVersions(sql: Queryable, surveyId: string): Promise<SurveyVersion[]> {
  const rows = await queryable(sql).selectFrom('survey_version').select(['survey_id', 'version', 'published_at', 'definition']).where('survey_id', '=', surveyId).orderBy('version').execute();
  return rows.map(versionOf);
}

/** Office hub: the offer as the database holds it, survey id -> version. */
export async function readSurveyOffers(sql: Queryable): Promise<Map<string, number>> {
  const rows = await queryable(sql).selectFrom('survey_offer').select(['survey_id', 'version']).execute();
  return new Map(rows.map((r) => [r.survey_id, Number(r.version)]));
}

/** Keeps a version; one already held is left as it is (versions are frozen). Returns whether it was new. */
export async function keepSurveyVersion(sql: Queryable, version: SurveyVersion): Promise<boolean> {
  const result = await queryable(sql)
    .insertInto('survey_version')
    .values({ survey_id: version.surveyId, version: version.version, published_at: fromInstant(version.publishedAt), definition: JSON.stringify(version.definition) })
    .onConflict((oc) => oc.columns(['survey_id', 'version']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Office hub: the versions on offer here, replaced as a whole by each applied revision (in `sql`'s transaction, or one of its own). */
export async function replaceSurveyOffers(sql: Queryable, offers: readonly { surveyId: string; version: number }[]): Promise<void> {
  await run(sql, async (db) => {
    await db.deleteFrom('survey_offer').execute();
    if (offers.length > 0) await db.insertInto('survey_offer').values(offers.map((o) => ({ survey_id: o.surveyId, version: o.version }))).execute();
  });
}

/** The versions and the offer in memory: read synchronously; `load` after every write. */
export interface SurveyVersionStore {
  /** The definition a survey answer names (checked by the ingest at every hop), or null. */
  lookup: SurveyVersionLookup;
  /** Every version of one survey, oldest first. */
  versionsOf(surveyId: string): SurveyVersion[];
  /** Every version of every survey, by survey then version (the central's snapshot cut). */
  all(): SurveyVersion[];
  /** The newest version of every published survey, oldest published first. */
  newest(): SurveyVersion[];
  /** The number of a survey's newest version, or null when none is published. */
  newestVersion(surveyId: string): number | null;
  /** Office hub: the surveys on offer, each at the version the central last sent, oldest published first. */
  offered(): SurveyVersion[];
  /** Reads the versions and the offer into memory: at start, and after a transaction that wrote them ended. */
  load(sql: Queryable): Promise<void>;
}

export function createSurveyVersionStore(): SurveyVersionStore {
  let loaded: { versions: SurveyVersion[]; bySurvey: Map<string, SurveyVersion[]>; offers: Map<string, number> } | null = null;
  const load = newestLoadWins();
  // Definitions checked by the schema once per version (versions never change).
  const checked = new Map<string, SurveyDefinition>();
  const held = () => {
    if (loaded === null) throw new SettingNotLoadedError('версии опросов ещё не прочитаны из базы (load при запуске хаба)');
    return loaded;
  };
  const copy = (v: SurveyVersion): SurveyVersion => ({ ...v });
  const newestOf = () => [...held().bySurvey.values()].map((versions) => versions.at(-1)!);
  return {
    lookup(surveyId, version) {
      const key = `${surveyId}\u0000${version}`;
      const known = checked.get(key);
      if (known) return known;
      const found = held().bySurvey.get(surveyId)?.find((v) => v.version === version);
      if (!found) return null;
      const definition = surveyDefinitionSchema.parse(found.definition);
      checked.set(key, definition);
      return definition;
    },
    versionsOf: (surveyId) => (held().bySurvey.get(surveyId) ?? []).map(copy),
    all: () => held().versions.map(copy),
    newest: () => newestOf().sort(byPublishedAndSurvey).map(copy),
    newestVersion: (surveyId) => held().bySurvey.get(surveyId)?.at(-1)?.version ?? null,
    offered() {
      const { bySurvey, offers } = held();
      return [...offers]
        .map(([surveyId, version]) => bySurvey.get(surveyId)?.find((v) => v.version === version))
        .filter((v): v is SurveyVersion => v !== undefined)
        .sort(byPublishedAndSurvey)
        .map(copy);
    },
    load: (sql) =>
      load(
        async () => ({ versions: await readAllSurveyVersions(sql), offers: await readSurveyOffers(sql) }),
        ({ versions, offers }) => {
          const bySurvey = new Map<string, SurveyVersion[]>();
          for (const v of versions) bySurvey.set(v.surveyId, [...(bySurvey.get(v.surveyId) ?? []), v]);
          loaded = { versions, bySurvey, offers };
        },
      ),
  };
}

/** A store already loaded from `sql` (scripts and tests that hold only a database). */
export async function loadedSurveyVersionStore(sql: Queryable): Promise<SurveyVersionStore> {
  const store = createSurveyVersionStore();
  await store.load(sql);
  return store;
}
