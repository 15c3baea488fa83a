import { regionalConfigAnswerSchema, regionalSnapshotSchema, REGIONAL_CONFIG_SCHEMA_VERSION, snapshotVersionSchema, type PullRefusal, type RegionalSnapshot } from '../../shared/protocol/regional-config.ts';
import { signaturesMatch, signResponse } from '../../shared/protocol/forward-signature.ts';
import { describeIssues } from '../../shared/records.ts';

/**
 * What the central's answer to a pull means. Only a 200 signed with the office's key over this very
 * request's signature counts (a proxy's page, a forged or tampered body, an answer captured from an
 * earlier pull and replayed all fail that); then the body must be a pull answer, its snapshot of a
 * schema this program knows, valid as a whole, cut for this office, and newer than what is held.
 * Anything else changes nothing: the office keeps running on its last good revision. The reasons
 * (PullRefusal) are listed in shared/protocol/regional-config.ts: the АХО board says each in words.
 */
export type { PullRefusal } from '../../shared/protocol/regional-config.ts';

/** Refusals of an answer that did come back signed or claimed to: counted on /health as regional-config-<reason>. */
export const COUNTED_REFUSALS: readonly PullRefusal[] = ['unsigned-answer', 'bad-signature', 'not-an-answer', 'newer-schema', 'invalid-snapshot', 'wrong-office', 'older-revision'];

export type PullMeaning =
  | { kind: 'up-to-date'; revision: number }
  | { kind: 'snapshot'; snapshot: RegionalSnapshot }
  | { kind: 'refused'; reason: PullRefusal; message: string };

export interface PullAnswer {
  status: number;
  signature: string | null;
  body: Buffer;
}

export function readPullAnswer(answer: PullAnswer, sent: { signature: string; secret: string }, office: { officeId: string; held: number | null }): PullMeaning {
  if (answer.status === 401 || answer.status === 403) return refused('refused', `центральный сборщик отказал в доступе (${answer.status}): проверьте CENTRAL_KEY_ID и CENTRAL_KEY, не отозван ли ключ, и часы хаба`);
  if (answer.status !== 200) return refused('http-error', `центральный сборщик ответил ${answer.status}`);
  if (answer.signature === null) return refused('unsigned-answer', 'ответ не подписан ключом отдела: это не центральный сборщик (прокси, страница входа в сеть?)');
  if (!signaturesMatch(signResponse(sent.secret, sent.signature, answer.status, answer.body), answer.signature)) {
    return refused('bad-signature', 'подпись ответа не сходится: ответ изменён в пути или повторён со старого запроса');
  }
  let json: unknown;
  try {
    json = JSON.parse(answer.body.toString('utf8'));
  } catch {
    return refused('not-an-answer', 'ответ центрального сборщика не является JSON');
  }
  const envelope = regionalConfigAnswerSchema.safeParse(json);
  if (!envelope.success) return refused('not-an-answer', `ответ не в формате протокола: ${describeIssues(envelope.error)}`);
  const { snapshot } = envelope.data;
  if (snapshot === null) return { kind: 'up-to-date', revision: envelope.data.revision };
  const version = snapshotVersionSchema.safeParse(snapshot);
  if (version.success && version.data.schemaVersion > REGIONAL_CONFIG_SCHEMA_VERSION) {
    return refused(
      'newer-schema',
      `настройки области в формате ${version.data.schemaVersion}, а эта версия программы знает до ${REGIONAL_CONFIG_SCHEMA_VERSION}: обновите программу хаба; пока действуют прежние настройки`,
    );
  }
  const parsed = regionalSnapshotSchema.safeParse(snapshot);
  if (!parsed.success) return refused('invalid-snapshot', `настройки области не прошли проверку и не применены: ${describeIssues(parsed.error)}`);
  if (parsed.data.officeId !== office.officeId) return refused('wrong-office', `настройки собраны для отдела ${parsed.data.officeId}, а этот хаб — ${office.officeId}`);
  if (office.held !== null && parsed.data.revision <= office.held) {
    return refused('older-revision', `ревизия ${parsed.data.revision} не новее действующей ${office.held}: назад хаб не возвращается`);
  }
  return { kind: 'snapshot', snapshot: parsed.data };
}

function refused(reason: PullRefusal, message: string): PullMeaning {
  return { kind: 'refused', reason, message };
}
