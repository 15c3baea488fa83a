import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A library loaded the first time it is called for, not when the hub starts. An office hub runs for
 * months on a small machine and never builds a workbook, draws a QR code or talks to PostgreSQL;
 * exceljs, qrcode and pg together keep about 20 MB resident (11 MB of heap) that it does not need
 * (measured: docs/forwarding.md, "The office hub's memory"). Only CommonJS packages: they load
 * synchronously, so callers keep their synchronous signatures.
 */
export function loadOnFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
