export { EXIT_CODES } from './errors.js';
export { type CliEnvironment, MAIN_HELP, runCli, VERSION } from './main.js';
