// node dist/summarize-profile.js <directory of .cpuprofile files> [top]: the functions with the most self time.
import { summarizeProfiles } from './profile-summary.js';

process.stdout.write(`${summarizeProfiles(process.argv[2] ?? '.', Number(process.argv[3] ?? 25))}\n`);
