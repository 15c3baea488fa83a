import { appealWhere } from './appeal-text.ts';

/** Anonymous survey, so no answer to a complaint here: where a written appeal goes instead. */
export function AppealNotice(props: { address: string | null }) {
  return (
    <section class="notice" aria-labelledby="notice-title">
      <h2 id="notice-title">Опрос анонимный</h2>
      <p>Мы не спрашиваем имя и контакты, поэтому не сможем ответить на отзыв в опросе.</p>
      <p>
        Если Вам нужен ответ на жалобу или предложение, подайте <strong>письменное обращение</strong> {appealWhere(props.address)}. Ответ дадут в
        течение 30 дней. Телефон «Горячей линии»: (4942) 35-37-11.
      </p>
    </section>
  );
}
