import { createServer, type Server } from 'node:net';

// Below Linux's ephemeral range (32768–60999): there, any outgoing connection of any process may take a
// port between our check and the child's listen, which made `npm start` on a checked port fail once in CI.
const LOW = 20_000;
const HIGH = 32_000;

/**
 * How many consecutive ports a fixed-port local product listens on: the gateway, four emulators, the Lambda and
 * Step Functions endpoints, the push service stand-in.
 */
export const FIXED_PORTS = 8;

/** A port nobody listens on right now (for children that must be told their port up front). */
export async function freePort(): Promise<number> {
  return freePorts(1);
}

/**
 * The first of `count` consecutive ports nobody listens on right now (a fixed-port `npm start` uses the
 * gateway's port and the next seven). All are held at once while checking, then released.
 */
export async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = LOW + Math.floor(Math.random() * (HIGH - LOW - count));
    const held: Server[] = [];
    let ok = true;
    for (let i = 0; i < count && ok; i++) {
      const server = await hold(base + i);
      if (server) held.push(server);
      else ok = false;
    }
    await Promise.all(held.map((s) => new Promise((done) => s.close(done))));
    if (ok) return base;
  }
  throw new Error(`no ${count} consecutive free ports between ${LOW} and ${HIGH}`);
}

function hold(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Rejects with the listen error (EADDRINUSE…) if `port` is taken: for a child whose own error we cannot show. */
export function assertFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}
