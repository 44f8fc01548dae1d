import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Starts a server process and resolves when a line of its stdout gives the port. */
export async function startServer(command: string, args: string[], env: NodeJS.ProcessEnv, portOf: (line: string) => number | undefined): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout! })) {
    const port = portOf(line);
    if (port) {
      child.stdout!.resume(); // keep draining what it logs
      return { child, port };
    }
  }
  throw new Error(`${command} ${args.join(' ')} exited before listening`);
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

const GNU_TIME = '/usr/bin/time';

/**
 * Wall seconds and peak resident memory (MB, by GNU time where there is one) of a whole
 * command. Its output goes to /dev/null: the figure is the work, not a disk.
 */
export function timeCommand(command: string, args: string[]): { seconds: number; peakRssMb: number | null; status: number | null } {
  if (existsSync(GNU_TIME)) {
    const r = spawnSync(GNU_TIME, ['-f', '%e %M', command, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    const [seconds, kb] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
    return { seconds, peakRssMb: Math.round(kb / 1024), status: r.status };
  }
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, peakRssMb: null, status: r.status };
}
