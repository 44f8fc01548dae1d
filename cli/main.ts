#!/usr/bin/env node
// The mips-ia command. Everything lives in program.ts so tests can run it in-process.
import { run } from './program.js';

process.exitCode = await run(process.argv);
