import { z } from '../zod.ts';

/**
 * Office hub → central: «this short code stands for this signed invitation». Signed like a
 * forwarded batch (forward-signature.ts), answered with a signed JSON body, so only the real
 * central can tell the office that a code works. The path is INVITATION_CODE_PATH (wire.ts).
 */
export const codeRegistrationSchema = z.strictObject({
  /** sha256 of the normalised code (hub/invitations/short-code.ts), hex: the central never sees the code itself. */
  codeHash: z.string().regex(/^[0-9a-f]{64}$/),
  token: z.string().min(10).max(600),
});
export type CodeRegistrationRequest = z.infer<typeof codeRegistrationSchema>;

/** 200: the code now resolves (or already did, to the same token). Anything else: use the long link. */
export type CodeRegistrationAnswer = { ok: true; status: 'registered' | 'already-registered' } | { ok: false; error: string; reason: string };
