import type { KioskBinding } from '../setup/binding.ts';
import { context, screen } from './app-state.ts';
import { contextFromBinding } from './context-from.ts';
import { runtime } from './runtime.ts';

/** The setup screen bound the kiosk: keep the binding, start delivering, welcome the first client. */
export async function completeSetup(binding: KioskBinding): Promise<void> {
  const rt = runtime();
  await rt.settings.saveBinding(binding);
  rt.binding = binding;
  context.value = contextFromBinding(binding);
  rt.startDelivery(binding);
  screen.value = 'welcome';
}
