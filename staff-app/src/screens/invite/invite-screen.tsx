import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { InvitationIssuedResponse, InvitationMailedResponse } from '../../../../shared/api/invite.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { sendJson } from '../../api/client.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { Notice } from '../../components/states.tsx';
import { printedUrl } from '../../../../shared/printed-url.ts';
import { moscowLongDate } from '../../format.ts';
import './invite.css';

/**
 * «Пригласить к опросу»: after a service the employee shows a QR code, prints a slip, or e-mails a
 * link (POST /api/invitations, /api/invitations/email). E-mail that is not set up is said once,
 * calmly, with who can switch it on; the e-mail field is then not offered at all.
 */
const MAIL_NOTE_SEEN = 'czn-staff-mail-off-seen';
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function Screen({ props }: ScreenProps<'invite'>) {
  const [desk, setDesk] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | null>(null);
  const [slip, setSlip] = useState<InvitationIssuedResponse | null>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [mailNoteSeen, setMailNoteSeen] = useState(() => localStorage.getItem(MAIL_NOTE_SEEN) === '1');
  const disabled = props.refusal !== null || busy;
  const visit = () => ({ desk: desk.trim() || null, serviceId: serviceId || null });

  const run = async (action: () => Promise<string | null>) => {
    setBusy(true);
    setNotice(null);
    try {
      const text = await action();
      if (text) setNotice({ text, error: false });
    } catch (error) {
      setNotice({ text: `Не получилось: ${(error as Error).message}`, error: true });
    } finally {
      setBusy(false);
    }
  };
  const show = (print: boolean) =>
    run(async () => {
      const answer = await sendJson<InvitationIssuedResponse>('POST', '/api/invitations', visit());
      setSlip(answer);
      if (print) requestAnimationFrame(() => window.print());
      return print ? null : 'Покажите код клиенту: он наводит камеру телефона и отвечает на вопросы.';
    });
  const mail = () => {
    const address = email.trim();
    const problem = !address ? 'Введите адрес электронной почты клиента' : EMAIL_RE.test(address) ? null : 'Адрес выглядит неверно: нужен вид name@example.ru';
    setEmailError(problem);
    if (problem) return;
    void run(async () => {
      const answer = await sendJson<InvitationMailedResponse>('POST', '/api/invitations/email', { ...visit(), email: address });
      setEmail('');
      return `Письмо отправлено. Ссылка действует до ${moscowLongDate(answer.expiresAt)}.`;
    });
  };

  return (
    <>
      <p class="no-print">
        {props.officeName}. За сутки выдано: QR-кодов {props.issuedToday.qr}, писем {props.issuedToday.email}.
      </p>
      {props.refusal && (
        <div class="notice notice-error no-print" role="alert">
          <p>{props.refusal}</p>
          {props.refusalDetail && (
            <details class="more">
              <summary>Для администратора</summary>
              <p>{props.refusalDetail}</p>
            </details>
          )}
        </div>
      )}
      <form class="card stack no-print" id="invite" onSubmit={(e) => e.preventDefault()}>
        <Field id="invite-desk" label="Окно или сотрудник (необязательно)" hint="Например: Окно 3. Так отзыв попадёт в показатели этого окна.">
          {(c) => <input {...c} name="desk" maxLength={60} value={desk} onInput={(e) => setDesk(inputValue(e))} />}
        </Field>
        <Field id="invite-service" label="Услуга (необязательно)">
          {(c) => (
            <select {...c} name="serviceId" value={serviceId} onChange={(e) => setServiceId(inputValue(e))}>
              <option value="">— клиент выберет сам —</option>
              {props.services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div class="buttons">
          <button type="button" data-action="show" disabled={disabled} onClick={() => void show(false)}>
            Показать QR-код
          </button>
          <button type="button" data-action="print" class="secondary" disabled={disabled} onClick={() => void show(true)}>
            Печать талона
          </button>
        </div>
        {props.mailConfigured ? (
          <>
            <Field id="invite-email" label="E-mail клиента (не сохраняется)" error={emailError}>
              {(c) => <input {...c} name="email" type="email" autoComplete="off" value={email} onInput={(e) => setEmail(inputValue(e))} />}
            </Field>
            <div class="buttons">
              <button type="button" data-action="email" disabled={disabled} onClick={mail}>
                Отправить на e-mail
              </button>
            </div>
          </>
        ) : (
          !mailNoteSeen && (
            <div class="calm mail-off">
              <p>
                Отправка ссылок по e-mail выключена: у хаба не настроена почта. Клиенту можно показать QR-код или распечатать талон. Чтобы включить письма, попросите
                администратора настроить почту хаба.
              </p>
              <details class="more">
                <summary>Для администратора</summary>
                <p>Параметры SMTP_HOST, SMTP_PORT, SMTP_FROM (и при необходимости SMTP_USER, SMTP_PASSWORD) в файле настроек хаба; описание — docs/configuration.md.</p>
              </details>
              <button
                type="button"
                class="secondary"
                onClick={() => {
                  localStorage.setItem(MAIL_NOTE_SEEN, '1');
                  setMailNoteSeen(true);
                }}
              >
                Понятно, больше не показывать
              </button>
            </div>
          )
        )}
        <Notice text={notice?.text ?? null} error={notice?.error ?? false} />
      </form>
      <section id="slip" class="slip" hidden={!slip} aria-label="Талон с приглашением">
        {slip && (
          <>
            <p class="slip-title">Оцените, пожалуйста, как вас обслужили</p>
            {/* The SVG is made by the hub from its own link (qrcode package), never from user input. */}
            <div id="slip-qr" class="slip-qr" role="img" aria-label="QR-код ссылки на опрос" dangerouslySetInnerHTML={{ __html: slip.qrSvg }} />
            {slip.code ? (
              <>
                <p>Наведите камеру телефона на код или откройте ссылку:</p>
                <p id="slip-url" class="slip-url">
                  {/* Wraps only after a slash, so the address typed by hand is never split inside a word. */}
                  {printedUrl(slip.url, 80, 14).pieces.map((piece, i) => (
                    <Fragment key={i}>
                      <span class="unbroken">{piece}</span>
                      <wbr />
                    </Fragment>
                  ))}
                </p>
              </>
            ) : (
              <LongLinkOnly url={slip.url} />
            )}
            <p>
              <small>Опрос анонимный, займёт около минуты. Ссылка действует до {moscowLongDate(slip.expiresAt)}, ответить можно один раз.</small>
            </p>
          </>
        )}
      </section>
    </>
  );
}

/**
 * No short code (the central out of reach, or none configured): the signed link is some 220 characters,
 * which nobody types. The slip then carries the QR code alone; the staff member is told why, and can
 * still open the whole link (wrapping anywhere) to send it in a message. None of it is printed.
 */
function LongLinkOnly({ url }: { url: string }) {
  return (
    <>
      <p>Наведите камеру телефона на код.</p>
      <div class="calm no-print slip-long">
        <p>Короткий адрес сейчас получить не удалось, поэтому на талоне только QR-код: длинную ссылку вручную не набрать.</p>
        <details class="more">
          <summary>Ссылка полностью (чтобы отправить сообщением)</summary>
          <p id="slip-url" class="slip-url slip-url-long">
            {url}
          </p>
        </details>
      </div>
    </>
  );
}
