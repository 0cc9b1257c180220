import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { INGEST_SUCCESS_METRIC } from '#infra/aws/ingest.ts';
import {
  DEFAULT_FEED_URL,
  FALLBACK_FEED_URL,
  INGEST_SCHEDULE,
  INVOKABLE_FUNCTIONS,
} from '#shared/platform.ts';
import { refId, resourcesOf, roleStatements, synth } from '../helpers/synth.ts';

function ingestFunctionId(template: Template): string {
  const ids = Object.keys(resourcesOf(template, 'AWS::Lambda::Function')).filter((id) =>
    id.startsWith('IngestFunction'),
  );
  expect(ids.length).toBe(1);
  return ids[0] ?? '';
}

describe('the ingest', () => {
  let template: Template;
  beforeAll(() => {
    template = synth().template;
  });

  it('runs on the INGEST_SCHEDULE rate, retried once, events older than the interval dropped to the DLQ', () => {
    const minutes: number = INGEST_SCHEDULE.everyMinutes;
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: `rate(${minutes} minute${minutes === 1 ? '' : 's'})`,
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [ingestFunctionId(template), 'Arn'] },
          Input: JSON.stringify({ trigger: 'schedule' }),
          RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: minutes * 60 },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestDeadLetterQueue'), 'Arn'] },
          },
        }),
      ],
    });
  });

  it('reads the feed with stock-outs first, the plain official feed as its fallback', () => {
    expect(DEFAULT_FEED_URL).toBe('https://donnees.roulez-eco.fr/opendata/instantane_ruptures');
    expect(FALLBACK_FEED_URL).toBe('https://donnees.roulez-eco.fr/opendata/instantane');
    const fn = Object.values(resourcesOf(template, 'AWS::Lambda::Function')).find((r) =>
      String(r.Properties?.Description).startsWith('Ingest'),
    );
    expect((fn?.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables).toMatchObject({
      FEED_URL: DEFAULT_FEED_URL,
      FEED_FALLBACK_URL: FALLBACK_FEED_URL,
    });
  });

  it('is a 1024 MB / 5 min function with the feed, table and bucket settings, no reserved concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Ingest'),
      MemorySize: INVOKABLE_FUNCTIONS.ingest.limits.memoryMB,
      Timeout: INVOKABLE_FUNCTIONS.ingest.limits.timeoutSeconds,
      ReservedConcurrentExecutions: Match.absent(),
      Environment: {
        Variables: Match.objectLike({
          FEED_URL: DEFAULT_FEED_URL,
          FEED_FALLBACK_URL: FALLBACK_FEED_URL,
          TABLE_NAME: { Ref: Match.stringLikeRegexp('^StorageTable') },
          ARCHIVE_BUCKET: { Ref: Match.stringLikeRegexp('^StorageArchiveBucket') },
          DATA_BUCKET: { Ref: Match.stringLikeRegexp('^StorageDataBucket') },
        }),
      },
    });
  });

  it('does not retry failed async runs itself and sends them to the DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ingestFunctionId(template) },
      MaximumRetryAttempts: 0,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestDeadLetterQueue'), 'Arn'] },
        },
      },
    });
  });

  it('has an encrypted, TLS-only dead-letter queue', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    const policy = Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy'))[0];
    expect(JSON.stringify(policy?.Properties?.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it('writes the table, raw/ of the archive and snapshot/ of the data bucket (deleting only there)', () => {
    const fn = resourcesOf(template, 'AWS::Lambda::Function')[ingestFunctionId(template)];
    const roleId = refId(fn?.Properties?.Role);
    const statements = roleStatements(template, roleId);
    const putResources = statements
      .filter((s) => JSON.stringify(s.Action).includes('s3:PutObject'))
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r))
      .sort();
    expect(putResources).toEqual([
      expect.stringMatching(/StorageArchiveBucket.*"\/raw\/\*"/),
      expect.stringMatching(/StorageDataBucket.*"\/snapshot\/\*"/),
    ]);
    expect(statements.some((s) => JSON.stringify(s.Action).includes('dynamodb:PutItem'))).toBe(true);
    const deletes = statements.filter((s) => JSON.stringify(s.Action).includes('s3:DeleteObject'));
    expect(deletes.flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r))).toEqual([
      expect.stringMatching(/StorageDataBucket.*"\/snapshot\/\*"/),
    ]);
  });

  it('runs once during the deployment, asynchronously, after its table, buckets and DLQ exist', () => {
    // The names function has its own deploy-time trigger (specs/names.ts).
    const triggers = Object.values(resourcesOf(template, 'Custom::Trigger')).filter((t) =>
      JSON.stringify(t.Properties?.HandlerArn).includes('IngestFunction'),
    );
    expect(triggers).toHaveLength(1);
    const [trigger] = triggers;
    expect(trigger?.Properties).toMatchObject({
      InvocationType: 'Event',
      ExecuteOnHandlerChange: true,
      HandlerArn: { Ref: expect.stringMatching(/^IngestFunctionCurrentVersion/) },
    });
    const after = JSON.stringify(trigger?.DependsOn);
    for (const id of [
      '^StorageTable',
      '^StorageArchiveBucket',
      '^StorageDataBucket',
      '^IngestDeadLetterQueue',
      // The version's async settings: without them a failed deploy-time run would be retried twice.
      '^IngestFunctionCurrentVersionEventInvokeConfig',
    ]) {
      expect(after).toMatch(new RegExp(`"${id.slice(1)}`));
    }
    // The invoked version fails into the DLQ like $LATEST (async settings are per qualifier).
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ingestFunctionId(template) },
      Qualifier: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestFunctionCurrentVersion'), 'Version'] },
      MaximumRetryAttempts: 0,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestDeadLetterQueue'), 'Arn'] },
        },
      },
    });
  });

  it('alarms while the last run failed, on the DLQ and on no successful run (EMF IngestSucceeded), to SNS', () => {
    const topic = { Ref: Match.stringLikeRegexp('^MonitoringAlarmTopic') };
    // The handler throws for a failed or refused run: an invocation error.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: ingestFunctionId(template) } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [topic],
      OKActions: [topic],
    });
    // The last run failed or was refused (IngestSucceeded 0); no data between runs keeps the state.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: INGEST_SUCCESS_METRIC.namespace,
      MetricName: INGEST_SUCCESS_METRIC.metricName,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: ingestFunctionId(template) } }],
      Statistic: 'Minimum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'ignore',
      AlarmActions: [topic],
      OKActions: [topic],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: INGEST_SUCCESS_METRIC.namespace,
      MetricName: INGEST_SUCCESS_METRIC.metricName,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^IngestFunction') } }],
      Statistic: 'Sum',
      Period: 3 * 3600,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [topic],
      OKActions: [topic],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      AlarmActions: [topic],
    });
  });

  it('has a TLS-only alarm topic, mailed only when alarmEmail is set', () => {
    const policy = Object.values(resourcesOf(template, 'AWS::SNS::TopicPolicy'))[0];
    expect(JSON.stringify(policy?.Properties?.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('the ingest, configured by context', () => {
  it('takes scheduleMinutes, feedUrl, feedFallbackUrl, staleHours and alarmEmail', () => {
    const { template } = synth({
      context: {
        scheduleMinutes: '1',
        feedUrl: 'https://example.org/feed.zip',
        feedFallbackUrl: '',
        staleHours: '6',
        alarmEmail: 'ops@plein.example',
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 60 } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ FEED_URL: 'https://example.org/feed.zip', FEED_FALLBACK_URL: '' }),
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IngestSucceeded',
      Period: 6 * 3600,
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@plein.example',
    });
  });
});
