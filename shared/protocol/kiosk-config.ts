/**
 * What GET KIOSK_CONFIG_PATH (wire.ts) answers a kiosk: its registration (office), the CX
 * sector's list of services, and the idle reset time. The kiosk imports this file (types and
 * plain constants only, nothing that would pull zod into the browser bundle).
 */
import type { SurveyDefinition } from '../surveys/definition.ts';

/** Seed 000 does not say; 30 s is what the kiosk issue asks for. */
export const KIOSK_IDLE_SECONDS = 30;

export interface KioskConfig {
  deviceId: string;
  office: { id: string; name: string; address: string | null };
  services: { id: string; name: string }[];
  idleSeconds: number;
  /**
   * The built surveys on offer at this office today (issue 20), each at the version the office
   * holds; an answer names that version. Absent from the answers of hubs older than it (read as none).
   */
  surveys: KioskSurvey[];
}

export interface KioskSurvey {
  surveyId: string;
  version: number;
  definition: SurveyDefinition;
}
