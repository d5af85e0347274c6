#!/usr/bin/env node
import { runCli } from './main.js';

// `llmux chat … | head -1` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
// exitCode, not exit(): what is still buffered for a pipe gets written before the process ends.
process.exitCode = exitCode;
