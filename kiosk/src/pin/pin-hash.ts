/**
 * The staff PIN is kept only as a salted PBKDF2-SHA-256 hash in IndexedDB: someone who reads the
 * kiosk's storage learns no PIN directly. A short PIN can still be brute-forced offline; the PIN
 * guards the kiosk's exit against clients, not the hub (the device key is the real secret).
 */
export interface PinHash {
  salt: string;
  hash: string;
  iterations: number;
}

const ITERATIONS = 100_000;

export function isAcceptablePin(pin: string): boolean {
  return /^\d{4,8}$/.test(pin);
}

export async function hashPin(pin: string, salt = randomSalt(), iterations = ITERATIONS): Promise<PinHash> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: fromHex(salt), iterations }, key, 256);
  return { salt, hash: toHex(new Uint8Array(bits)), iterations };
}

export async function pinMatches(pin: string, stored: PinHash): Promise<boolean> {
  const candidate = await hashPin(pin, stored.salt, stored.iterations);
  // Constant-time comparison is not needed here (no remote timing), but costs nothing.
  let diff = candidate.hash.length ^ stored.hash.length;
  for (let i = 0; i < Math.min(candidate.hash.length, stored.hash.length); i++) diff |= candidate.hash.charCodeAt(i) ^ stored.hash.charCodeAt(i);
  return diff === 0;
}

function randomSalt(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(16)));
}

function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(new ArrayBuffer(hex.length / 2));
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
