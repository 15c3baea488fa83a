import type QRCodeLibrary from 'qrcode';
import { loadOnFirstUse } from '../load-on-first-use.ts';

const QRCode = loadOnFirstUse<typeof QRCodeLibrary>('qrcode');

/**
 * QR codes of survey links. Error correction M survives a crease or a smudge on a printed slip and
 * keeps a ~150-character invitation link at a size a phone reads from a screen at arm's length.
 */
const OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

export function qrSvg(text: string): Promise<string> {
  return QRCode().toString(text, { ...OPTIONS, type: 'svg' });
}

export function qrPng(text: string, width = 512): Promise<Buffer> {
  return QRCode().toBuffer(text, { ...OPTIONS, type: 'png', width });
}
