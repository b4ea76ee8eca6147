import type { DemoConfig } from '../demoPlugin.js';

/** Who the demo pages act as, and their tokens; served by the demo server at start. */
export async function loadConfig(): Promise<DemoConfig> {
  const response = await fetch('/__demo/config');
  if (!response.ok) throw new Error(`demo config: HTTP ${response.status}`);
  return (await response.json()) as DemoConfig;
}
