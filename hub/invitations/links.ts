import type { Request } from 'express';
import type { HubConfig } from '../config.ts';
import type { InvitationClaims } from './token.ts';

/**
 * The addresses printed on posters and slips and sent by e-mail. They point at the survey base
 * (normally the central's public address), never at an office's local hub, which a phone on
 * mobile internet cannot reach.
 */
export function surveyBase(config: Pick<HubConfig, 'surveyBaseUrl' | 'publicBaseUrl'>, req: Request): string {
  const base = config.surveyBaseUrl ?? config.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
  return base.replace(/\/+$/, '');
}

/** `/s/K7QM-3XZP-HA4T` (short code, typed from a slip) or `/s/v1.…` (the signed token itself, when no code could be registered). */
export const invitationUrl = (base: string, codeOrToken: string): string => `${base}/s/${codeOrToken}`;

/** The poster's short URL, typed by hand from the wall. */
export const posterUrl = (base: string, officeId: string): string => `${base}/p/${officeId}`;

/** Where /s/:token sends the phone: the kiosk app in phone mode with what the token says; `t` is the code when there is one. */
export function phoneSurveyPath(claims: InvitationClaims, codeOrToken: string): string {
  const params = new URLSearchParams({ mode: 'phone', t: codeOrToken, office: claims.officeId, channel: claims.channel });
  if (claims.desk !== null) params.set('desk', claims.desk);
  if (claims.serviceId !== null) params.set('service', claims.serviceId);
  return `/kiosk/?${params.toString()}`;
}

export const posterSurveyPath = (officeId: string): string => `/kiosk/?${new URLSearchParams({ mode: 'phone', office: officeId, channel: 'qr-poster' }).toString()}`;
