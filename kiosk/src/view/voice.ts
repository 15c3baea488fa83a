/**
 * Which voice reads the prompts aloud. Only a voice on the device itself (`localService`) and
 * Russian: a cloud voice would send what the client is being asked to someone else's server, and
 * a kiosk without internet could not use it anyway. No such voice, no spoken prompts (the switch
 * is not offered). On the kiosk computer the voice comes from speech-dispatcher with RHVoice or
 * espeak-ng (deploy/kiosk/README.md).
 */
export interface VoiceInfo {
  name: string;
  lang: string;
  localService: boolean;
  default: boolean;
}

export function pickRussianVoice<V extends VoiceInfo>(voices: readonly V[]): V | null {
  const russian = voices.filter((v) => v.localService && /^ru(?:[-_]|$)/i.test(v.lang));
  // RHVoice sounds far more natural than espeak-ng's formant voice: take it when both are there.
  return russian.find((v) => /rhvoice/i.test(v.name)) ?? russian.find((v) => v.default) ?? russian[0] ?? null;
}
