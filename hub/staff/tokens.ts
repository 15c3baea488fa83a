import { createHash, randomBytes } from 'node:crypto';

/** Random secrets for cookies and links (256 bits), stored only as sha256. */
export const newSecret = (): string => randomBytes(32).toString('base64url');
export const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret).digest();
