// Reads the `.cpuprofile` files `node --cpu-prof` wrote and lists the functions with the most self time, the
// first place to look when a target is missed.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export function summarizeProfile(profile: CpuProfile, top = 25): string {
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    const node = byNode.get(profile.samples[index] as number);
    const delta = profile.timeDeltas[index] ?? 0;
    if (node === undefined) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url === '' ? '' : ` ${basename(url)}:${lineNumber + 1}`;
    const key = `${functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + delta);
    total += delta;
  }
  const idle = (self.get('(idle)') ?? 0) + (self.get('(program)') ?? 0);
  const busy = total - (self.get('(idle)') ?? 0);
  const lines = [
    `busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled (idle/program ${(idle / 1000).toFixed(0)} ms)`,
  ];
  const rows = [...self.entries()]
    .filter(([key]) => key !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  for (const [key, micros] of rows) {
    lines.push(
      `${((micros / busy) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${key}`,
    );
  }
  return lines.join('\n');
}

export function summarizeProfiles(directory: string, top = 25): string {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort();
  return files
    .map(
      (name) =>
        `${name}\n${summarizeProfile(JSON.parse(readFileSync(join(directory, name), 'utf8')) as CpuProfile, top)}`,
    )
    .join('\n\n');
}
