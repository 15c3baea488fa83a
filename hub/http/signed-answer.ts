import type { Response } from 'express';
import { HUB_HEADER } from '../../shared/protocol/wire.ts';

/** What signs an answer: the office hub whose signed request it answers (hub/central/office-hub-auth.ts). */
export interface AnswerSigner {
  signAnswer(status: number, body: string): string;
}

/**
 * An answer to an office hub, signed with its key over its request's signature: the forwarded
 * batch's ack, the regional configuration, the invitation code's registration.
 */
export function sendSigned<Payload = unknown>(res: Response, hub: AnswerSigner, status: number, payload: Payload): void {
  const text = JSON.stringify(payload);
  res.status(status).set(HUB_HEADER.signature, hub.signAnswer(status, text)).type('application/json').send(text);
}
