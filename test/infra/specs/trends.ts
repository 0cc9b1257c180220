import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_PREFIX } from '#shared/history/keys.ts';
import { refId, resourcesOf, roleStatements, synth } from '../helpers/synth.ts';

describe('GET /api/trends (issue 18, docs/API.md)', () => {
  let template: Template;
  beforeAll(() => {
    template = synth().template;
  });

  it('reads history/ of the data bucket (GetObject + ListBucket) and nothing else of it', () => {
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    const fn = Object.values(functions).find((f) => f.Properties?.Description === 'GET /api/trends');
    expect(fn).toBeDefined();
    const statements = roleStatements(template, refId(fn?.Properties?.Role));
    const resourcesFor = (action: string) =>
      statements
        .filter((s) => [s.Action].flat().includes(action))
        .flatMap((s) => [s.Resource].flat())
        .map((r) => JSON.stringify(r));
    const gets = resourcesFor('s3:GetObject');
    expect(gets).toHaveLength(1);
    expect(gets[0]).toMatch(/StorageDataBucket/);
    expect(gets[0]).toContain(`"/${HISTORY_PREFIX}*"]`);
    // ListBucket makes a missing object (a year not backfilled) a 404 rather than a 403.
    const lists = resourcesFor('s3:ListBucket');
    expect(lists.length).toBeGreaterThan(0);
    for (const r of lists) expect(r).toMatch(/StorageDataBucket/);
    expect(JSON.stringify(fn?.Properties?.Environment)).toMatch(/DATA_BUCKET/);
  });
});
