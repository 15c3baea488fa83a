import { z } from './zod.ts';

/**
 * The channel a record came by, finer than the catalogue of seed 000 (order No. 308): its online
 * survey (1.1) reaches clients three ways (kiosk, QR, e-mailed link), and the CX sector drills
 * figures down by that way; `panel` is the rating panel (1.3); `phone-call` is the phone survey
 * (1.2), typed in by an operator during the call (docs/phone-survey-campaigns.md).
 */
export const channelSchema = z.enum(['panel', 'kiosk', 'qr-poster', 'visit-qr', 'email-link', 'phone-call']);
export type Channel = z.infer<typeof channelSchema>;

export const CHANNEL_LABEL: Record<Channel, string> = {
  panel: 'Пульт оценки',
  kiosk: 'Киоск в зоне цифровых сервисов',
  'qr-poster': 'QR-плакат',
  'visit-qr': 'QR-код после приёма',
  'email-link': 'Ссылка по e-mail',
  'phone-call': 'Телефонный опрос',
};
