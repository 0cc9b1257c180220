import { readdirSync, readFileSync } from 'node:fs';

/**
 * The pid of a direct child of this process whose command line contains `match` (e.g. the cognito-local
 * child the emulators spawn), or undefined. Linux only (/proc). Fault tests stop exactly that process by id.
 */
export function childPid(match: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(match)) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

/** Is any process of this process group (a child started with `detached: true`) still alive? */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
