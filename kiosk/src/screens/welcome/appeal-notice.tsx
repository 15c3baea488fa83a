/**
 * Seed 000 §1.5–1.6: the survey is anonymous and nobody answers it; a complaint that needs an
 * answer is a written appeal (answered within 30 days under 59-ФЗ), or the hotline.
 */
const CENTRE_ADDRESS = '156013, г. Кострома, ул. Комсомольская, д. 81А';

export function AppealNotice(props: { address: string | null }) {
  return (
    <section class="notice" aria-labelledby="notice-title">
      <h2 id="notice-title">Опрос анонимный</h2>
      <p>Мы не спрашиваем имя и контакты, поэтому не сможем ответить на отзыв в опросе.</p>
      <p>
        Если Вам нужен ответ на жалобу или предложение, подайте <strong>письменное обращение</strong>
        {props.address ? ` лично по адресу ${props.address} или` : ''} по почте в ОГКУ «ЦЗН Костромской области»: {CENTRE_ADDRESS}. Ответ дадут
        в течение 30 дней. Телефон «Горячей линии»: (4942) 35-37-11.
      </p>
    </section>
  );
}
