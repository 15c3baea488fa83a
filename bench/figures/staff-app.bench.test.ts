import { describe, expect, it } from 'vitest';
import { screenFigureNames } from './staff-app.bench.ts';

describe('staff bundle figure names', () => {
  it('gives every screen its own name, the folder in front only where the file name alone is taken', () => {
    const names = screenFigureNames([
      'src/screens/dashboard/dashboard-screen.tsx',
      'src/screens/account/login-screen.tsx',
      'src/screens/register/entry-screen.tsx',
      'src/screens/register/new-entry-screen.tsx',
      'src/screens/problem/problem-screen.tsx',
    ]);
    expect([...names.values()]).toEqual(['dashboard', 'login', 'register-entry', 'new-entry', 'problem']);
  });
});
