import type { Launch } from '../launch.ts';
import type { KioskBinding } from '../setup/binding.ts';
import type { SurveyContext } from './app-state.ts';

export function contextFromBinding(binding: KioskBinding): SurveyContext {
  return {
    mode: 'kiosk',
    officeId: binding.config.office.id,
    officeName: binding.config.office.name,
    officeAddress: binding.config.office.address,
    deviceId: binding.config.deviceId,
    channel: 'kiosk',
    desk: null,
    presetServiceId: null,
    services: binding.config.services,
    token: null,
    // A binding saved by an older app has no surveys.
    surveys: binding.config.surveys ?? [],
  };
}

/**
 * Phone mode: everything comes from the link. The device id says only "a phone": the survey is
 * anonymous, so no per-phone identifier is made.
 */
export function contextFromLink(launch: Extract<Launch, { mode: 'phone' }>): SurveyContext {
  return {
    mode: 'phone',
    officeId: launch.officeId,
    officeName: null,
    officeAddress: null,
    deviceId: 'phone',
    channel: launch.channel,
    desk: launch.desk,
    presetServiceId: launch.serviceId,
    services: [],
    token: launch.token,
    // The built surveys on phones come with the office's name (sync/office-info.ts).
    surveys: [],
  };
}
