import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEEDS_DIR, NATIONAL_2025 } from '../../helpers/feed.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const SMALL = resolve(ROOT, 'test/fixtures/feed/small.xml');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs scripts/feed.ts; with `lines`, closes stdout after that many lines like `| head -n` would. */
function runFeed(args: string[], lines?: number): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['scripts/feed.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (lines !== undefined && stdout.split('\n').length > lines) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('npm run feed', () => {
  it('writes one station per line as NDJSON and a one-line summary on stderr', async () => {
    const { code, stdout, stderr } = await runFeed([SMALL]);
    expect(code).toBe(0);
    const stations = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(stations.map((s) => s.id)).toEqual(['1000001', '92330002', '20000001']);
    expect(stations[0]).toMatchObject({
      lat: 46.20114,
      lon: 5.19791,
      cp: '01000',
      town: 'SAINT-DENIS-LèS-BOURG',
      road: 'R',
      prices: [{ fuel: 'Gazole', price: 1.659, updatedAt: '2025-07-28T10:01:27+02:00' }, { fuel: 'SP98' }],
      outOfStock: [{ fuel: 'E85', type: 'temporaire' }],
      services: ['Station de gonflage', 'Lavage automatique, rouleaux'],
      flags: [],
    });
    expect(stations[1]).toMatchObject({
      address: '77 Avenue Édouard Depreux',
      flags: ['text-repaired', 'price-outlier'],
    });
    const summary = JSON.parse(stderr);
    expect(summary).toMatchObject({ stations: 3, prices: 3, rejected: 0, format: 'xml' });
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('writes CSV with a header and quoted fields', async () => {
    const { code, stdout } = await runFeed([SMALL, '--format', 'csv']);
    expect(code).toBe(0);
    const [header, first, second, third] = stdout.trim().split('\n');
    expect(header?.startsWith('id,lat,lon,cp,dept,town,address,road,Gazole,Gazole_updatedAt,')).toBe(true);
    expect(first).toContain('1.659,2025-07-28T10:01:27+02:00');
    expect(first).toContain('"Station de gonflage|Lavage automatique, rouleaux"');
    expect(first).toContain('1=06:00-22:00;7=closed');
    expect(second).toContain(',E10,'); // the outlier column names the fuel
    expect(third).toContain('20000001,41.927,8.726,20000,2A,Ajaccio,"Route ""du port""",A,');
  });

  it('fails with a clear message and a non-zero code on a bad feed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plein-feed-cli-'));
    const html = join(dir, 'instantane');
    writeFileSync(html, '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>');
    const { code, stdout, stderr } = await runFeed([html]).finally(() => rmSync(dir, { recursive: true }));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/NOT_A_ZIP: got an HTML page/);
  });

  it('rejects bad usage with code 2', async () => {
    expect((await runFeed([])).code).toBe(2);
    expect((await runFeed([SMALL, '--format', 'xml'])).code).toBe(2);
  });

  it('stops quietly when the reader of stdout goes away (| head)', async () => {
    const { code, stdout, stderr } = await runFeed([resolve(FEEDS_DIR, NATIONAL_2025)], 1);
    expect(code).toBe(0);
    expect(stdout.length).toBeGreaterThan(0);
    expect(stderr).not.toMatch(/EPIPE|Error/);
  });
});
