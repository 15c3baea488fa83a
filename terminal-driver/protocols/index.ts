import { bareProtocol } from './bare.ts';
import { framedProtocol } from './framed.ts';
import type { PanelProtocol } from './protocol.ts';

/** Every panel model the driver speaks, by the name used in the configuration. */
export const PROTOCOLS = {
  bare: bareProtocol,
  framed: framedProtocol,
} as const satisfies Record<string, PanelProtocol>;

export type ProtocolName = keyof typeof PROTOCOLS;
export const PROTOCOL_NAMES = Object.keys(PROTOCOLS) as [ProtocolName, ...ProtocolName[]];
