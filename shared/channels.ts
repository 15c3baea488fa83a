import { z } from './zod.ts';

/**
 * The catalogue of feedback channels of seed 000 (order No. 308). Codes follow the list at the
 * top of the seed (1.1–1.6 priority, 2.1–2.5 non-priority); the seed's section headings number
 * the book, hotline and appeals one lower by a typo, the list is the authority.
 */
export type ChannelCode = '1.1' | '1.2' | '1.3' | '1.4' | '1.5' | '1.6' | '2.1' | '2.2' | '2.3' | '2.4' | '2.5';

export interface FeedbackChannel {
  code: ChannelCode;
  name: string;
  priority: boolean;
  owner: string;
}

export const FEEDBACK_CHANNELS: readonly FeedbackChannel[] = [
  { code: '1.1', priority: true, name: 'Онлайн-опрос клиентов после получения услуги', owner: 'Сектор управления клиентским опытом' },
  { code: '1.2', priority: true, name: 'Телефонный опрос', owner: 'Сектор управления клиентским опытом' },
  { code: '1.3', priority: true, name: 'Пульт оценки качества обслуживания', owner: 'Административно-хозяйственный отдел' },
  { code: '1.4', priority: true, name: 'Книга отзывов и предложений', owner: 'Отделы и отделения' },
  { code: '1.5', priority: true, name: 'Телефон «Горячей линии»', owner: 'ОГКУ «ЦЗН Костромской области»' },
  { code: '1.6', priority: true, name: 'Письменные обращения', owner: 'ОГКУ «ЦЗН Костромской области», отделы и отделения' },
  { code: '2.1', priority: false, name: 'Электронный опрос клиентов', owner: 'Сектор информационного сопровождения деятельности, сектор управления клиентским опытом' },
  { code: '2.2', priority: false, name: 'Опрос на выходе (вопрос дня)', owner: 'Сектор управления клиентским опытом' },
  { code: '2.3', priority: false, name: 'Тайный клиент', owner: 'Сектор управления клиентским опытом' },
  { code: '2.4', priority: false, name: 'Опрос в социальных сетях среди подписчиков', owner: 'Сектор информационного сопровождения деятельности' },
  { code: '2.5', priority: false, name: 'Мониторинг открытых ресурсов', owner: 'Неуправляемый канал' },
];

/**
 * The channel a record came by, finer than the catalogue: the online survey (1.1) reaches clients
 * three ways (kiosk, QR, e-mailed link), and the CX sector drills figures down by that way.
 */
export const channelSchema = z.enum(['panel', 'kiosk', 'qr-poster', 'visit-qr', 'email-link']);
export type Channel = z.infer<typeof channelSchema>;

export const CHANNEL_LABEL: Record<Channel, string> = {
  panel: 'Пульт оценки',
  kiosk: 'Киоск в зоне цифровых сервисов',
  'qr-poster': 'QR-плакат',
  'visit-qr': 'QR-код после приёма',
  'email-link': 'Ссылка по e-mail',
};

export const CHANNEL_CATALOGUE_CODE: Record<Channel, ChannelCode> = {
  panel: '1.3',
  kiosk: '1.1',
  'qr-poster': '1.1',
  'visit-qr': '1.1',
  'email-link': '1.1',
};
