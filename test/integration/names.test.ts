import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openTable } from '#shared/db/client.ts';
import { listNamesRuns } from '#shared/db/names-runs.ts';
import { type NamesDeps, runNamesRefresh } from '#shared/names/refresh.ts';
import { getNamesTable } from '#shared/names/store.ts';
import { createS3Client } from '#shared/s3.ts';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { bzip2Copy, REAL_NAMES_PATH } from '../unit/names/helpers.ts';

/**
 * The weekly names refresh against the local stand-ins (docs/NAMES.md, "Runs"): a good file publishes, a
 * changed name publishes a new version, and a broken, empty or shrunk file leaves the last good table in
 * place with the refusal recorded.
 */

let stack: TestStack;
let deps: NamesDeps;
let dir: string;
let real: string;
const logs: string[] = [];
const log = (message: string) => logs.push(message);
const bz2 = bzip2Copy(REAL_NAMES_PATH);

beforeAll(async () => {
  stack = await startTestStack();
  deps = {
    table: openTable(stack.resources.tableName),
    s3: createS3Client(),
    archiveBucket: stack.resources.buckets.archive,
    dataBucket: stack.resources.buckets.data,
    logger: { info: log, warn: log, error: log },
  };
  dir = await mkdtemp(join(tmpdir(), 'plein-names-it-'));
  real = await readFile(REAL_NAMES_PATH, 'utf8');
}, 120_000);
afterAll(async () => {
  bz2.cleanup();
  await rm(dir, { recursive: true, force: true });
  await stack?.stop();
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const refresh = (sources: string[]) => runNamesRefresh(deps, { sources, trigger: 'test' });
const published = () => getNamesTable(deps.s3, deps.dataBucket);

describe('runNamesRefresh', { timeout: 120_000 }, () => {
  test('a good file (bz2, after an unreachable URL) publishes the table and archives the raw bytes', async () => {
    const closed = await closedPort();
    const run = await refresh([`http://127.0.0.1:${closed}/names.csv.bz2`, bz2.path]);
    expect(run).toMatchObject({
      status: 'succeeded',
      source: 'names.csv.bz2',
      rows: 12_601,
      duplicateIds: 75,
      previousVersion: null,
    });
    expect(run.attempts).toEqual([
      { source: `http://127.0.0.1:${closed}/names.csv.bz2`, error: 'ECONNREFUSED' },
      { source: 'names.csv.bz2' },
    ]);
    const table = await published();
    expect(table?.version).toBe(run.version);
    expect(Object.keys(table?.entries ?? {}).length).toBe(run.ids);
    expect(table?.entries['34770001']).toMatchObject({ name: 'Total Automat', brand: 'TotalEnergies' });
    expect(run.archiveKey).toMatch(/^names\/raw\/\d{4}-\d{2}-\d{2}\/\d{6}Z-[0-9a-f]{6}\.csv\.bz2$/);
    const raw = await deps.s3.send(
      new GetObjectCommand({ Bucket: deps.archiveBucket, Key: String(run.archiveKey) }),
    );
    expect(
      Buffer.from(await (raw.Body?.transformToByteArray() ?? new Uint8Array()))
        .subarray(0, 3)
        .toString(),
    ).toBe('BZh');
    // The same entries again: nothing written.
    const again = await refresh([REAL_NAMES_PATH]);
    expect(again).toMatchObject({ status: 'unchanged', version: run.version, previousVersion: run.version });
  });

  test('a name changed: a new version is published', async () => {
    const before = await published();
    const changed = real.replace(
      '34770001,Total,Total Automat,Total,',
      '34770001,Total,Total Relais du Lac,Total,',
    );
    expect(changed).not.toBe(real);
    const run = await refresh([await file('osm_renamed.csv', changed)]);
    expect(run.status).toBe('succeeded');
    expect(run.version).not.toBe(before?.version);
    const after = await published();
    expect(after?.version).toBe(run.version);
    expect(after?.entries['34770001']?.name).toBe('Total Relais du Lac');
    expect(after?.source).toBe('osm_renamed.csv');
  });

  test('broken, empty, header-less and shrunk files leave the last good table, and say why', async () => {
    const good = await published();
    const lines = real.trimEnd().split('\n');
    const cases: [string, string, string][] = [
      ['garbled.csv', '\u0000\u0001"garbage\u0002,\n"x', 'NOT_CSV'],
      ['empty.csv', '', 'EMPTY'],
      ['header-only.csv', `${lines[0]}\n`, 'EMPTY'],
      ['no-id.csv', real.replace('ref:FR:prix-carburants', 'ref'), 'NO_ID_COLUMN'],
      // One row in five gone: about 20% fewer ids.
      ['shrunk.csv', `${lines.filter((_, i) => i === 0 || i % 5 !== 0).join('\n')}\n`, 'SHRUNK'],
    ];
    for (const [name, text, code] of cases) {
      const run = await refresh([await file(name, text)]);
      expect({ name, status: run.status, code: run.error?.code }).toEqual({ name, status: 'refused', code });
      expect((await published())?.version).toBe(good?.version);
    }
    const runs = await listNamesRuns(deps.table, 10);
    expect(runs[0]).toMatchObject({ status: 'refused', source: 'shrunk.csv', error: { code: 'SHRUNK' } });
    expect(runs[0]?.error?.message).toMatch(/fewer than/);
    expect(logs.some((l) => l.startsWith('names refused: SHRUNK'))).toBe(true);
  });

  test('no source at all: failed, recorded, table untouched', async () => {
    const good = await published();
    const run = await refresh([join(dir, 'missing.csv')]);
    expect(run).toMatchObject({ status: 'failed', error: { code: 'SOURCE_UNAVAILABLE' } });
    expect(run.error?.message).toContain('missing.csv (no such file)');
    expect((await listNamesRuns(deps.table, 1))[0]?.runId).toBe(run.runId);
    expect((await published())?.version).toBe(good?.version);
  });
});
