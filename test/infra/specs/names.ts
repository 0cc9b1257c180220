import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { INVOKABLE_FUNCTIONS, NAMES } from '#shared/platform.ts';
import { prop, refId, resourcesOf, roleStatements, type Synthesized, synth } from '../helpers/synth.ts';

describe('the names function (issue 16, docs/NAMES.md)', () => {
  let dev: Synthesized;
  let fnId: string;
  beforeAll(() => {
    dev = synth();
    const ids = Object.keys(resourcesOf(dev.template, 'AWS::Lambda::Function')).filter((id) =>
      id.startsWith('NamesFunction'),
    );
    expect(ids).toHaveLength(1);
    fnId = ids[0] ?? '';
  });

  it('runs weekly at NAMES.schedule, Paris time, through EventBridge Scheduler', () => {
    const s = NAMES.schedule;
    dev.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: `cron(${s.minute} ${s.hour} ? * MON *)`,
      ScheduleExpressionTimezone: 'Europe/Paris',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        Input: JSON.stringify({ trigger: 'schedule' }),
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }),
      }),
    });
  });

  it('has its limits and the export URL; the table and buckets it uses', () => {
    const fn = resourcesOf(dev.template, 'AWS::Lambda::Function')[fnId];
    expect(prop(fn, 'Properties', 'MemorySize')).toBe(INVOKABLE_FUNCTIONS.names.limits.memoryMB);
    expect(prop(fn, 'Properties', 'Timeout')).toBe(INVOKABLE_FUNCTIONS.names.limits.timeoutSeconds);
    expect(prop(fn, 'Properties', 'Environment', 'Variables')).toMatchObject({
      NAMES_URL: NAMES.defaultUrl,
      TABLE_NAME: { Ref: expect.stringMatching(/^StorageTable/) },
      ARCHIVE_BUCKET: { Ref: expect.stringMatching(/^StorageArchiveBucket/) },
      DATA_BUCKET: { Ref: expect.stringMatching(/^StorageDataBucket/) },
    });
    expect(prop(fn, 'Properties', 'Environment', 'Variables', 'NAMES_FILE')).toBeUndefined();
  });

  it('reaches names/ of the data bucket, names/raw/ of the archive, and only NAMESRUN items of the table', () => {
    const fn = resourcesOf(dev.template, 'AWS::Lambda::Function')[fnId];
    const statements = roleStatements(dev.template, refId(fn?.Properties?.Role));
    const s3 = statements.filter((s) => JSON.stringify(s.Action).includes('s3:'));
    const objectResources = s3
      .filter((s) => JSON.stringify(s.Action).match(/s3:(Get|Put)Object/))
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r));
    for (const r of objectResources)
      expect(r).toMatch(/(StorageArchiveBucket.*"\/names\/raw\/\*"|StorageDataBucket.*"\/names\/\*")/);
    expect(objectResources.some((r) => r.includes('/names/raw/*'))).toBe(true);
    expect(objectResources.some((r) => r.includes('StorageDataBucket') && r.includes('/names/*'))).toBe(true);
    expect(JSON.stringify(s3)).not.toContain('s3:DeleteObject');

    const dynamo = statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(dynamo).toHaveLength(1);
    expect([dynamo[0]?.Action].flat().sort()).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
    expect(dynamo[0]).toMatchObject({
      Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['NAMESRUN'] } },
    });
    expect(JSON.stringify(dynamo[0]?.Resource)).not.toContain('index');
  });

  it('runs once during the deployment, asynchronously, failures to its dead-letter queue', () => {
    const triggers = Object.values(resourcesOf(dev.template, 'Custom::Trigger')).filter((t) =>
      JSON.stringify(t.Properties?.HandlerArn).includes('NamesFunctionCurrentVersion'),
    );
    expect(triggers).toHaveLength(1);
    expect(triggers[0]?.Properties).toMatchObject({ InvocationType: 'Event', ExecuteOnHandlerChange: true });
    expect(JSON.stringify(triggers[0]?.DependsOn)).toMatch(/NamesFunctionCurrentVersionEventInvokeConfig/);
    dev.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      MaximumRetryAttempts: 0,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NamesDeadLetterQueue'), 'Arn'] },
        },
      },
    });
  });

  it('bundles the trimmed NSI, not the package’s 13 MB of JSON', () => {
    const fn = resourcesOf(dev.template, 'AWS::Lambda::Function')[fnId];
    const key = String(prop(fn, 'Properties', 'Code', 'S3Key'));
    const size = statSync(join(dev.app.outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs')).size;
    expect(size).toBeLessThan(2.5 * 1024 * 1024);
  });
});
