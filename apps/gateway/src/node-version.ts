/** The oldest Node the gateway runs on: `require(esm)` unflagged, and `process.getBuiltinModule`. */
export const MINIMUM_NODE_VERSION = '20.19.0';

/**
 * Why this Node cannot run the gateway, or undefined when it can. Checked first thing in main.ts, so an old
 * Node stops with the version it needs instead of a stack trace from some later syntax or API it lacks.
 */
export function unsupportedNodeReason(version: string): string | undefined {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  const [needMajor, needMinor] = MINIMUM_NODE_VERSION.split('.').map(Number) as [number, number];
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `llmux needs Node.js >= ${MINIMUM_NODE_VERSION} (22, 24 or 26 recommended); this is ${version}`;
}
