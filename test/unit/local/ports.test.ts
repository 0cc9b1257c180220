import { createServer, type Server } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { assertFree, FIXED_PORTS, freePorts } from '#infra/local/ports.ts';

const held: Server[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((s) => new Promise((done) => s.close(done))));
});

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

test('freePorts gives a run of ports, below the ephemeral range, that can all be listened on', async () => {
  for (let i = 0; i < 5; i++) {
    const base = await freePorts(FIXED_PORTS);
    expect(base + FIXED_PORTS - 1).toBeLessThan(32768);
    for (let p = base; p < base + FIXED_PORTS; p++) held.push(await listen(p));
    await Promise.all(held.splice(0).map((s) => new Promise((done) => s.close(done))));
  }
});

test('assertFree names the busy port, and passes on a free one', async () => {
  const base = await freePorts(2);
  held.push(await listen(base));
  await expect(assertFree(base)).rejects.toMatchObject({ code: 'EADDRINUSE', port: base });
  await expect(assertFree(base + 1)).resolves.toBeUndefined();
});
