#!/usr/bin/env node
// The mips-ia command. Everything lives in program.ts so tests can run it in-process.
import { run } from './program.js';

// `mips-ia activities 2024 | head` closes stdout early: stop quietly rather than with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') process.stderr.write(`mips-ia: cannot write output: ${e.message}\n`);
    process.exit(e.code === 'EPIPE' ? 0 : 3);
  });
}

process.exitCode = await run(process.argv);
