import { surveyDefinitionSchema, type SurveyDefinition, type SurveyVersion } from '../../shared/surveys/definition.ts';
import { fromInstant, toInstant } from '../../shared/time.ts';
import type { Db } from './open.ts';

/**
 * The frozen versions of built surveys (migration 0020), on both roles: the central writes one when
 * the CX sector publishes, an office hub when the regional configuration brings it. A version is
 * never changed: answers are checked against it and results are cut by it.
 */
export type SurveyVersionLookup = (surveyId: string, version: number) => SurveyDefinition | null;

/**
 * Answers are checked against their version at every hop; versions never change once written, so a
 * found one is cached for good. A miss is not cached: the version may arrive with the next revision.
 */
export function createSurveyVersionLookup(db: Db): SurveyVersionLookup {
  const select = db.prepare('SELECT definition FROM survey_version WHERE survey_id = ? AND version = ?').pluck();
  const cache = new Map<string, SurveyDefinition>();
  return (surveyId, version) => {
    const key = `${surveyId}\u0000${version}`;
    const held = cache.get(key);
    if (held) return held;
    const text = select.get(surveyId, version) as string | undefined;
    if (text === undefined) return null;
    const definition = surveyDefinitionSchema.parse(JSON.parse(text));
    cache.set(key, definition);
    return definition;
  };
}

/** Every version of one survey, oldest first. */
export function listSurveyVersions(db: Db, surveyId: string): SurveyVersion[] {
  const rows = db.prepare('SELECT version, published_at, definition FROM survey_version WHERE survey_id = ? ORDER BY version').all(surveyId) as {
    version: number;
    published_at: number;
    definition: string;
  }[];
  return rows.map((r) => ({ surveyId, version: r.version, publishedAt: toInstant(r.published_at), definition: JSON.parse(r.definition) as SurveyDefinition }));
}

/** Every version of every survey, for the central's snapshot cut. */
export function listAllSurveyVersions(db: Db): SurveyVersion[] {
  const rows = db.prepare('SELECT survey_id, version, published_at, definition FROM survey_version ORDER BY survey_id, version').all() as {
    survey_id: string;
    version: number;
    published_at: number;
    definition: string;
  }[];
  return rows.map((r) => ({ surveyId: r.survey_id, version: r.version, publishedAt: toInstant(r.published_at), definition: JSON.parse(r.definition) as SurveyDefinition }));
}

/** Keeps a version; one already held is left as it is (versions are frozen). Returns whether it was new. */
export function keepSurveyVersion(db: Db, version: SurveyVersion): boolean {
  return (
    db
      .prepare('INSERT INTO survey_version (survey_id, version, published_at, definition) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(version.surveyId, version.version, fromInstant(version.publishedAt), JSON.stringify(version.definition)).changes === 1
  );
}

/** Office hub: the versions on offer here, replaced as a whole by each applied revision. */
export function replaceSurveyOffers(db: Db, offers: readonly { surveyId: string; version: number }[]): void {
  db.prepare('DELETE FROM survey_offer').run();
  const insert = db.prepare('INSERT INTO survey_offer (survey_id, version) VALUES (?, ?)');
  for (const offer of offers) insert.run(offer.surveyId, offer.version);
}

/** Office hub: the surveys on offer, each at the version the central last sent. */
export function listOfferedSurveys(db: Db): SurveyVersion[] {
  const rows = db
    .prepare('SELECT v.survey_id, v.version, v.published_at, v.definition FROM survey_offer o JOIN survey_version v USING (survey_id, version) ORDER BY v.published_at, v.survey_id')
    .all() as { survey_id: string; version: number; published_at: number; definition: string }[];
  return rows.map((r) => ({ surveyId: r.survey_id, version: r.version, publishedAt: toInstant(r.published_at), definition: JSON.parse(r.definition) as SurveyDefinition }));
}

/** The newest version of every published survey (the one on offer), oldest survey first. */
export function listNewestSurveyVersions(db: Db): SurveyVersion[] {
  const rows = db
    .prepare('SELECT survey_id, version, published_at, definition FROM survey_version v WHERE version = (SELECT max(version) FROM survey_version WHERE survey_id = v.survey_id) ORDER BY published_at, survey_id')
    .all() as { survey_id: string; version: number; published_at: number; definition: string }[];
  return rows.map((r) => ({ surveyId: r.survey_id, version: r.version, publishedAt: toInstant(r.published_at), definition: JSON.parse(r.definition) as SurveyDefinition }));
}

/** The number of a survey's newest version, or null when none is published. */
export function newestSurveyVersion(db: Db, surveyId: string): number | null {
  return (db.prepare('SELECT max(version) FROM survey_version WHERE survey_id = ?').pluck().get(surveyId) as number | null) ?? null;
}
