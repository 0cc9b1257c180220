import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { prop, refId, resourcesOf, roleStatements, type Synthesized, synth } from '../helpers/synth.ts';

/** Plein's own functions (not CDK's deployment/auto-delete helpers). */
function pleinFunctions(template: Template) {
  return Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).filter(
    ([id]) => id.startsWith('Api') || id.startsWith('Ingest') || id.startsWith('Names'),
  );
}

describe('every Plein function', () => {
  let dev: Synthesized;
  let prodTemplate: Template;
  beforeAll(() => {
    dev = synth();
    prodTemplate = synth({ context: { stage: 'prod' } }).template;
  });

  it('runs Node 24 on arm64 with active tracing and source maps', () => {
    const functions = pleinFunctions(dev.template);
    expect(functions.length).toBeGreaterThanOrEqual(2);
    for (const [id, fn] of functions) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
      });
    }
  });

  it('has an explicit memory size and timeout (Lambda defaults to 128 MB and 3 s)', () => {
    for (const [id, fn] of pleinFunctions(dev.template)) {
      expect(fn.Properties?.MemorySize, id).toBeGreaterThanOrEqual(256);
      expect(fn.Properties?.Timeout, id).toBeGreaterThan(3);
    }
  });

  it('logs to its own log group with a retention (2 weeks in dev, 3 months in prod)', () => {
    for (const [template, days] of [
      [dev.template, 14],
      [prodTemplate, 90],
    ] as const) {
      const groups = resourcesOf(template, 'AWS::Logs::LogGroup');
      for (const [id, fn] of pleinFunctions(template)) {
        const groupId = refId(prop(fn, 'Properties', 'LoggingConfig', 'LogGroup'));
        expect(groups[groupId ?? '']?.Properties?.RetentionInDays, id).toBe(days);
      }
    }
  });

  it('has its own role with no managed policy, writing only to its own log group', () => {
    const roles = resourcesOf(dev.template, 'AWS::IAM::Role');
    const roleIds = new Set<string>();
    for (const [id, fn] of pleinFunctions(dev.template)) {
      const roleId = refId(fn.Properties?.Role) ?? '';
      roleIds.add(roleId);
      expect(roles[roleId]?.Properties?.ManagedPolicyArns, id).toBeUndefined();
      const logs = roleStatements(dev.template, roleId).filter((s) =>
        JSON.stringify(s.Action).includes('logs:'),
      );
      const groupId = refId(prop(fn, 'Properties', 'LoggingConfig', 'LogGroup'));
      expect(logs.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [groupId, 'Arn'] }]);
    }
    expect(roleIds.size).toBe(pleinFunctions(dev.template).length);
  });

  it('is one minified ESM bundle with a require shim, a source map, and the AWS SDK left to the runtime', () => {
    for (const [id, fn] of pleinFunctions(dev.template)) {
      const key = String(prop(fn, 'Properties', 'Code', 'S3Key'));
      const dir = join(dev.app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
      expect(readdirSync(dir).sort(), id).toEqual(['index.mjs', 'index.mjs.map']);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith("import { createRequire as __plein_createRequire } from 'node:module';")).toBe(
        true,
      );
      // The SDK is imported from the Lambda runtime (infra/aws/bundling.ts), never bundled.
      expect(code).not.toContain('AWS SDK for JavaScript');
      expect(code).not.toMatch(/@smithy\/[a-z-]+\/dist-/);
      expect(code).toMatch(/sourceMappingURL=index\.mjs\.map\s*$/);
    }
  });
});
