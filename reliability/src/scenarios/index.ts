import { clientAbortScenario } from './client-abort.js';
import { idleConnectionsScenario } from './idle-connections.js';
import type { ReliabilityScenario } from './scenario.js';
import { secretScanScenario } from './secret-scan.js';
import { sigkillUsageScenario } from './sigkill-usage.js';
import { sigtermDrainScenario } from './sigterm-drain.js';
import { soakScenario } from './soak.js';
import { upstreamFaultsScenario } from './upstream-faults.js';

/**
 * The suite, in running order. A new scenario (a fleet mode's replica SIGKILL, Redis or PostgreSQL stopped
 * mid-run) is one more module here; a new inbound protocol needs no new scenario (see protocols/).
 * The secret scan runs last: it reads what every other scenario made the gateway say.
 */
export const SCENARIOS: readonly ReliabilityScenario[] = [
  clientAbortScenario,
  upstreamFaultsScenario,
  sigkillUsageScenario,
  sigtermDrainScenario,
  idleConnectionsScenario,
  soakScenario,
  secretScanScenario,
];
