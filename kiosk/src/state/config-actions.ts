import { fetchKioskConfig } from '../setup/binding.ts';
import { context } from './app-state.ts';
import { contextFromBinding } from './context-from.ts';
import { runtime } from './runtime.ts';

/**
 * The CX sector edits the service list on the hub; a kiosk takes the new list at start, from the
 * staff menu, and between two clients once the cached one is older than this. The cached list
 * serves while the hub is away.
 */
const CONFIG_MAX_AGE_MS = 10 * 60_000;

export async function refreshConfig(): Promise<boolean> {
  const rt = runtime();
  if (!rt.binding) return false;
  const fetched = await fetchKioskConfig(rt.binding.token, rt.timings.requestTimeoutMs);
  if (!fetched.ok) return false;
  rt.binding = { ...rt.binding, config: fetched.config, configAt: rt.clock() };
  await rt.settings.saveBinding(rt.binding);
  context.value = contextFromBinding(rt.binding);
  return true;
}

export function refreshConfigIfStale(): void {
  const rt = runtime();
  if (rt.binding && rt.clock() - rt.binding.configAt > CONFIG_MAX_AGE_MS) void refreshConfig().catch(() => false);
}
