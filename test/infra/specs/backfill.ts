import { beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_PREFIX } from '#shared/history/keys.ts';
import { backfillDefinition } from '#shared/history/state-machine.ts';
import { BACKFILL, INVOKABLE_FUNCTIONS } from '#shared/platform.ts';
import { prop, refId, resourcesOf, roleStatements, type Synthesized, synth } from '../helpers/synth.ts';

/** A CloudFormation `Fn::Join` of strings and tokens, with each token written as `<logical id>`. */
function joined(value: unknown): string {
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) return typeof value === 'string' ? value : JSON.stringify(value);
  return join[1].map((p) => (typeof p === 'string' ? p : `<${refId(p)}>`)).join(join[0]);
}

describe('the history backfill job (issue 18, docs/HISTORY.md)', () => {
  let dev: Synthesized;
  let fnId: string;
  beforeAll(() => {
    dev = synth();
    const ids = Object.keys(resourcesOf(dev.template, 'AWS::Lambda::Function')).filter((id) =>
      id.startsWith('BackfillFunction'),
    );
    expect(ids).toHaveLength(1);
    fnId = ids[0] ?? '';
  });

  it('has the shared limits, room in /tmp for the yearly ZIP, and a reserved concurrency of 1', () => {
    const fn = resourcesOf(dev.template, 'AWS::Lambda::Function')[fnId];
    expect(prop(fn, 'Properties', 'MemorySize')).toBe(INVOKABLE_FUNCTIONS.backfill.limits.memoryMB);
    expect(prop(fn, 'Properties', 'Timeout')).toBe(INVOKABLE_FUNCTIONS.backfill.limits.timeoutSeconds);
    expect(Number(prop(fn, 'Properties', 'EphemeralStorage', 'Size'))).toBeGreaterThanOrEqual(512);
    expect(prop(fn, 'Properties', 'ReservedConcurrentExecutions')).toBe(1);
    expect(prop(fn, 'Properties', 'Environment', 'Variables')).toMatchObject({
      TABLE_NAME: { Ref: expect.stringMatching(/^StorageTable/) },
      DATA_BUCKET: { Ref: expect.stringMatching(/^StorageDataBucket/) },
    });
  });

  it('reaches only history/ of the data bucket and the BACKFILL items of the table', () => {
    const fn = resourcesOf(dev.template, 'AWS::Lambda::Function')[fnId];
    const statements = roleStatements(dev.template, refId(fn?.Properties?.Role));
    const s3 = statements.filter((s) => JSON.stringify(s.Action).includes('s3:'));
    for (const s of s3) {
      const resources = [s.Resource].flat().map((r) => JSON.stringify(r));
      // ListBucket on the bucket itself (no object access): a missing pointer is then NoSuchKey.
      if ([s.Action].flat().includes('s3:ListBucket')) {
        expect([s.Action].flat()).toEqual(['s3:ListBucket']);
      } else {
        for (const r of resources)
          expect(r).toMatch(new RegExp(`StorageDataBucket.*"/${HISTORY_PREFIX}\\*"`));
      }
    }
    expect(JSON.stringify(s3)).toContain('s3:DeleteObject');
    const dynamo = statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(dynamo).toHaveLength(1);
    expect(dynamo[0]).toMatchObject({
      Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['BACKFILL'] } },
    });
    expect(JSON.stringify(statements)).not.toMatch(/ArchiveBucket|snapshot\/|lambda:InvokeFunction/);
  });

  it('runs THE shared definition, logged and traced, invoking only the backfill function', () => {
    const machines = Object.values(resourcesOf(dev.template, 'AWS::StepFunctions::StateMachine'));
    expect(machines).toHaveLength(1);
    const props = machines[0]?.Properties ?? {};
    const definition = JSON.parse(joined(props.DefinitionString)) as unknown;
    expect(definition).toEqual(JSON.parse(JSON.stringify(backfillDefinition(`<${fnId}>`))));
    expect(props).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL' },
    });
    const statements = roleStatements(dev.template, refId(props.RoleArn));
    const invokes = statements.filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));
    expect(invokes.flatMap((s) => [s.Resource].flat())).toEqual([{ 'Fn::GetAtt': [fnId, 'Arn'] }]);
  });

  it('starts once over every year when the stack is created, not on later deployments', () => {
    const runs = Object.values(resourcesOf(dev.template, 'Custom::AWS'));
    expect(runs).toHaveLength(1);
    const create = JSON.parse(joined(runs[0]?.Properties?.Create)) as {
      service: string;
      action: string;
      parameters: { input: string };
    };
    expect(create).toMatchObject({ service: 'SFN', action: 'startExecution' });
    const { years } = JSON.parse(create.parameters.input) as { years: number[] };
    expect(years[0]).toBe(BACKFILL.firstYear);
    expect(years.at(-1)).toBe(new Date().getUTCFullYear());
    expect(runs[0]?.Properties?.Update).toBeUndefined();
    expect(runs[0]?.Properties?.Delete).toBeUndefined();
  });

  it('lets only the backfill admin routes start and watch it, on this state machine', () => {
    const functions = resourcesOf(dev.template, 'AWS::Lambda::Function');
    // Besides the first-deploy custom resource's provider (its own policy: StartExecution on this machine).
    const withStates = Object.entries(functions).filter(
      ([id, fn]) =>
        !id.startsWith('AWS679f53fa') &&
        JSON.stringify(roleStatements(dev.template, refId(fn.Properties?.Role))).includes('states:'),
    );
    expect(withStates.map(([, fn]) => fn.Properties?.Description).sort()).toEqual([
      'GET /api/admin/backfill',
      'POST /api/admin/backfill',
    ]);
    for (const [, fn] of withStates) {
      const vars = prop(fn, 'Properties', 'Environment', 'Variables') as Record<string, unknown>;
      expect(refId(vars[BACKFILL.stateMachine.env])).toMatch(/^BackfillStateMachine/);
      const states = roleStatements(dev.template, refId(fn.Properties?.Role)).filter((s) =>
        JSON.stringify(s.Action).includes('states:'),
      );
      for (const s of states) expect(JSON.stringify(s.Resource)).toMatch(/BackfillStateMachine/);
    }
  });
});
