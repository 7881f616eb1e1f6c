import type { SandboxStore } from './state.js';

/** Seeds an empty sandbox: the demo admin, companies, people and the local OAuth application. */
export function seedSandbox(_store: SandboxStore): void {}
