// Memory and CPU of the app process and of the Chromium it starts, read from /proc (Linux).
// The browser is a child of the app process and its renderers are children of the browser,
// so "the Chromium tree" is every descendant of the app process.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Stat {
  ppid: number;
  /** utime + stime: CPU of the process itself. */
  ownTicks: number;
  /** cutime + cstime: CPU of its children that have exited and been reaped. */
  reapedTicks: number;
}

function statOf(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields are counted after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); ppid is field 4, utime..cstime are fields 14..17.
    return { ppid: Number(fields[1]), ownTicks: Number(fields[11]) + Number(fields[12]), reapedTicks: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return null; // gone meanwhile
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^[0-9]+$/.test(name))
    .map(Number);
}

export function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** Lines "Name:   123 kB" of a /proc file, as KiB by name; empty if the process has gone. */
function kibFields(path: string): Map<string, number> {
  const fields = new Map<string, number>();
  try {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const match = /^(\w+):\s+([0-9]+) kB$/.exec(line);
      if (match) fields.set(match[1], Number(match[2]));
    }
  } catch {
    // gone meanwhile
  }
  return fields;
}

export interface Memory {
  /** VmRSS: resident pages, shared ones counted in full in every process that maps them. */
  rssKib: number;
  /** Of which anonymous (heaps), file-backed (the binary, fonts) and shared memory. */
  anonKib: number;
  fileKib: number;
  shmemKib: number;
  /** Proportional set size: shared pages divided among the processes sharing them, so sums do not double-count. */
  pssKib: number;
}

export function memoryOf(pid: number): Memory {
  const status = kibFields(`/proc/${pid}/status`);
  const rollup = kibFields(`/proc/${pid}/smaps_rollup`);
  return {
    rssKib: status.get('VmRSS') ?? 0,
    anonKib: status.get('RssAnon') ?? 0,
    fileKib: status.get('RssFile') ?? 0,
    shmemKib: status.get('RssShmem') ?? 0,
    pssKib: rollup.get('Pss') ?? 0,
  };
}

export function childrenOf(parent: number): number[] {
  return allPids().filter((pid) => statOf(pid)?.ppid === parent);
}

export function descendantsOf(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const pid of allPids()) {
    const stat = statOf(pid);
    if (stat) parentOf.set(pid, stat.ppid);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

/** Processes (other than this one) whose command line contains `text`. */
export function processesMatching(text: string): number[] {
  return allPids().filter((pid) => pid !== process.pid && cmdlineOf(pid).includes(text));
}

export function isAlive(pid: number): boolean {
  return statOf(pid) !== null;
}

/** What a Chromium process is, from its --type switch. */
export function chromiumRole(pid: number): string {
  const cmdline = cmdlineOf(pid);
  const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
  if (!type) return 'browser';
  const sub = /--utility-sub-type=([\w.]+)/.exec(cmdline)?.[1];
  return sub ? `${type} (${sub.replace(/\.mojom\./, ' ').split('.')[0]})` : type;
}

export interface TreeSample {
  app: Memory;
  /** Summed over every descendant of the app process. */
  chromium: Memory;
  chromiumPids: number[];
  /** Per descendant: its role and memory. */
  processes: { pid: number; role: string; memory: Memory }[];
}

export function sampleTree(appPid: number): TreeSample {
  const descendants = descendantsOf(appPid);
  const processes = descendants.map((pid) => ({ pid, role: chromiumRole(pid), memory: memoryOf(pid) }));
  const chromium: Memory = { rssKib: 0, anonKib: 0, fileKib: 0, shmemKib: 0, pssKib: 0 };
  for (const { memory } of processes) {
    for (const key of Object.keys(chromium) as (keyof Memory)[]) chromium[key] += memory[key];
  }
  return { app: memoryOf(appPid), chromium, chromiumPids: descendants, processes };
}

/** CPU ticks per process of the app and its descendants, to take differences over a phase. */
export type CpuSnapshot = { app: number; tree: Map<number, number> };

export function cpuSnapshot(appPid: number): CpuSnapshot {
  const tree = new Map<number, number>();
  for (const pid of descendantsOf(appPid)) {
    const stat = statOf(pid);
    // A renderer that exits is then counted in its parent's reaped ticks (see cpuBetween).
    if (stat) tree.set(pid, stat.ownTicks + stat.reapedTicks);
  }
  // The app's own ticks only: its reaped ticks would count a browser that was closed earlier.
  const app = statOf(appPid);
  return { app: app ? app.ownTicks : 0, tree };
}

export interface CpuUsed {
  appSeconds: number;
  chromiumSeconds: number;
}

/** CPU seconds used between two snapshots, by the app process and by its Chromium tree. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUsed {
  // Totals, not per-pid differences: a renderer that exits meanwhile moves its whole lifetime's CPU
  // into its parent's reaped ticks, so it must be counted on both sides of the subtraction.
  const total = (snapshot: CpuSnapshot) => [...snapshot.tree.values()].reduce((sum, ticks) => sum + ticks, 0);
  const tree = total(after) - total(before);
  return { appSeconds: (after.app - before.app) / CLOCK_TICKS_PER_SECOND, chromiumSeconds: tree / CLOCK_TICKS_PER_SECOND };
}

/** The whole machine's CPU ticks from /proc/stat: busy (user, nice, system, irq, softirq), steal, and all. */
export interface MachineCpu {
  busyTicks: number;
  stealTicks: number;
  totalTicks: number;
}

export function machineCpu(): MachineCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]; // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number);
  return { busyTicks: user + nice + system + irq + softirq, stealTicks: steal, totalTicks: user + nice + system + idle + iowait + irq + softirq + steal };
}

export interface MachineUsed {
  /** CPU seconds of every process on the machine (guest time is part of user time). */
  busySeconds: number;
  /** CPU seconds the hypervisor gave to others while this VM wanted to run. */
  stealSeconds: number;
}

export function machineBetween(before: MachineCpu, after: MachineCpu): MachineUsed {
  return {
    busySeconds: (after.busyTicks - before.busyTicks) / CLOCK_TICKS_PER_SECOND,
    stealSeconds: (after.stealTicks - before.stealTicks) / CLOCK_TICKS_PER_SECOND,
  };
}
