import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

// The import-direction rule (biome.json `overrides`, docs/ARCHITECTURE.md) on a throwaway tree laid out like
// the project: each file imports one module per line, and exactly the lines marked `bad` must be flagged.
const ROOT = join(import.meta.dirname, '../../..');
const FILES: Record<string, { good: string[]; bad: string[] }> = {
  'shared/domain/probe.ts': {
    good: ['./fuels.ts', 'zod', '#shared/domain/fuels.ts'],
    bad: [
      '../db/runs.ts',
      '../api/account-types.ts',
      '#shared/db/runs.ts',
      '#shared/api/types.ts',
      '../feed/index.ts',
      'node:crypto',
      'crypto',
      '@aws-sdk/lib-dynamodb',
      'aws-lambda',
      'aws-cdk-lib/aws-s3',
    ],
  },
  'shared/db/probe.ts': {
    good: ['../domain/run.ts', './keys.ts', '@aws-sdk/lib-dynamodb', 'node:crypto'],
    bad: [
      '#functions/http/routes.ts',
      '../../functions/http/routes.ts',
      '#infra/local/ports.ts',
      '../../infra/aws/api.ts',
    ],
  },
  'functions/http/probe.ts': {
    good: ['#shared/db/runs.ts', './lib/errors.ts', 'aws-lambda'],
    bad: ['#infra/local/ports.ts', '../../infra/local/ports.ts'],
  },
  'web/src/lib/probe.ts': {
    good: [
      '#shared/domain/fuels.ts',
      '#shared/api/account-types.ts',
      '#shared/api/types.ts',
      '#shared/platform.ts',
      './dom.ts',
    ],
    bad: [
      '#shared/db/runs.ts',
      '#shared/api/cursor.ts',
      '#shared/api/schemas.ts',
      '#shared/env.ts',
      '../../../shared/domain/fuels.ts',
      '#functions/http/routes.ts',
      '#infra/aws/api.ts',
    ],
  },
  'infra/local/probe.ts': { good: ['#functions/http/routes.ts', '#shared/db/runs.ts', 'node:fs'], bad: [] },
};

let dir: string;
let flagged: Set<string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plein-imports-'));
  writeFileSync(
    join(dir, 'biome.json'),
    readFileSync(join(ROOT, 'biome.json'), 'utf8').replace(/"\$schema".*\n/, ''),
  );
  for (const [file, { good, bad }] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    const lines = [...good, ...bad].map((spec, i) => `import * as m${i} from '${spec}';`);
    writeFileSync(
      join(dir, file),
      `${lines.join('\n')}\nexport const all = [${lines.map((_, i) => `m${i}`).join(', ')}];\n`,
    );
  }
  const run = spawnSync(
    join(ROOT, 'node_modules/.bin/biome'),
    ['lint', '--only=style/noRestrictedImports', '--reporter=github', '--max-diagnostics=none', '.'],
    { cwd: dir, encoding: 'utf8' },
  );
  // `::error title=lint/style/noRestrictedImports,file=<abs path>,line=<n>,…::<message>`
  flagged = new Set(
    [
      ...run.stdout.matchAll(/^::error title=lint\/style\/noRestrictedImports,file=([^,]+),line=(\d+),/gm),
    ].map(([, file, line]) => `${(file as string).slice(dir.length + 1)}:${line}`),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.each(Object.entries(FILES))(
  '%s: flags exactly the imports against the direction',
  (file, { good, bad }) => {
    const lines = [...good, ...bad];
    const got = lines.filter((_, i) => flagged.has(`${file}:${i + 1}`));
    expect(got).toEqual(bad);
  },
);
