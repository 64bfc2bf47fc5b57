import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { pipeLines, type Log } from './log.ts';

export interface ManagedChild {
  readonly process: ChildProcess;
  /** Resolves with the exit code (or signal) once the child is gone, whoever ended it. */
  readonly exited: Promise<string>;
  /** Ends the child's whole process group: TERM first, KILL if it lingers. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

// A test runner or script that exits without stopping the stack must not leave a JVM or server behind.
const installExitHook = (): void => {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => killAllChildrenSync());
};

/**
 * Spawns a child in its own process group. Ctrl-C in a terminal signals the whole foreground
 * group; keeping children out of it lets the parent stop them in order instead of racing them.
 */
export const spawnManaged = (
  command: string,
  args: string[],
  options: SpawnOptions & { log: Log; onUnexpectedExit?: (reason: string) => void },
): ManagedChild => {
  const { log, onUnexpectedExit, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  installExitHook();
  live.add(child);
  let stopping = false;
  pipeLines(child.stdout, log);
  pipeLines(child.stderr, log);
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => {
      live.delete(child);
      resolve(`failed to start: ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(signal ? `signal ${signal}` : `exit code ${code}`);
    });
  });
  void exited.then((reason) => {
    if (!stopping) onUnexpectedExit?.(reason);
  });
  const stop = async (graceMs = 5000): Promise<void> => {
    stopping = true;
    if (!live.has(child)) return;
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    // The leader may exit before its own children (esbuild, workers): sweep the group.
    signalGroup(child, 'SIGKILL');
  };
  return { process: child, exited, stop };
};

const signalGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* group already gone */
  }
};

/** Last resort when the parent exits without an orderly stop: no orphaned JVM or server. */
export const killAllChildrenSync = (): void => {
  for (const child of live) signalGroup(child, 'SIGKILL');
};
