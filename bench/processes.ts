import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

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

/** A loopback port free at the time of asking. */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts a server that prints nothing on the given port, and resolves once `readyPath` answers (within 30 s). */
export async function startSilentServer(command: string, args: string[], env: NodeJS.ProcessEnv, port: number, readyPath: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 300 && child.exitCode === null; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}${readyPath}`)).ok) return { child, port };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGTERM');
  throw new Error(`${command} ${args.join(' ')} did not answer ${readyPath} on port ${port}`);
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/**
 * CPU milliseconds (user + system, every thread) a process has used so far, from Linux's
 * /proc/<pid>/stat in clock ticks of 10 ms (USER_HZ); null where there is no /proc.
 */
export function cpuMs(pid: number | undefined): number | null {
  const stat = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(stat)) return null;
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
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
