import { describe, expect, it } from 'vitest';
import { pickRussianVoice, type VoiceInfo } from './voice.ts';

const voice = (name: string, lang: string, localService = true, isDefault = false): VoiceInfo => ({ name, lang, localService, default: isDefault });

describe('the voice for spoken prompts', () => {
  it('takes a Russian voice on the device, never a cloud one', () => {
    expect(pickRussianVoice([voice('Google русский', 'ru-RU', false), voice('English', 'en-US', true, true)])).toBeNull();
    expect(pickRussianVoice([voice('Google русский', 'ru-RU', false), voice('Russian+espeak', 'ru', true)])?.name).toBe('Russian+espeak');
  });

  it('prefers RHVoice, then the default Russian voice', () => {
    expect(pickRussianVoice([voice('espeak-ng Russian', 'ru-RU'), voice('RHVoice Anna', 'ru-RU'), voice('x', 'ru_RU', true, true)])?.name).toBe('RHVoice Anna');
    expect(pickRussianVoice([voice('espeak-ng Russian', 'ru-RU'), voice('x', 'ru_RU', true, true)])?.name).toBe('x');
    expect(pickRussianVoice([voice('Rusyn', 'rue')])).toBeNull();
  });
});
