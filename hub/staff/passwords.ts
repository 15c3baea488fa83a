import { hash, verify } from '@node-rs/argon2';

/**
 * Password hashing with argon2id (the library's defaults: m=19 MiB, t=2, p=1, OWASP's minimum).
 * A login for an unknown user still runs one verification against a fixed hash, so the answer
 * takes as long as for a known one and does not reveal which logins exist.
 */
// The rules themselves are shared with the staff app, which checks beside the field (shared/password-rules.ts).
export { PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, passwordProblem } from '../../shared/password-rules.ts';

export const hashPassword = (password: string): Promise<string> => hash(password);

let decoy: Promise<string> | null = null;

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    decoy ??= hash('decoy password that never matches');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
