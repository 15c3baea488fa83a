import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-rules.ts';

describe('password rules', () => {
  it('refuses what the review found accepted and its kin', () => {
    for (const weak of ['1234567890', '0987654321', 'qwertyuiop', 'йцукенгшщз', 'aaaaaaaaaaaa', 'abcabcabcabc', '1212121212', 'password2024', 'Пароль2025!', 'kostroma44!!', '1q2w3e4r5t6y', 'zxcvbnm,./']) {
      expect(passwordProblem(weak), weak).not.toBeNull();
    }
  });

  it('refuses short, overlong and the login inside', () => {
    expect(passwordProblem('Ab3$efgh')).toBe('пароль короче 10 знаков');
    expect(passwordProblem('x'.repeat(150) + 'y'.repeat(51))).toMatch(/длиннее/);
    expect(passwordProblem('ivanov-Шарья-2026', 'ivanov')).toBe('пароль содержит логин');
  });

  it('accepts ordinary strong passwords, Russian ones too', () => {
    for (const good of ['проверочный-пароль-123', 'Ветер над Волгой 7', 'tundra-Lamp-42-mist', 'кофе с молоком в 9:15']) {
      expect(passwordProblem(good), good).toBeNull();
    }
  });
});
