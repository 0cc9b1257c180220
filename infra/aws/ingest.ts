import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Trigger } from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import { INVOKABLE_FUNCTIONS } from '#shared/platform.ts';
import { runAtDeploy } from './deploy-trigger.ts';
import { countAlarm, deadLetterAlarm, type Monitoring, newDeadLetterQueue } from './monitoring.ts';
import { PleinFunction } from './plein-function.ts';

/**
 * The heartbeat the ingest publishes in Embedded Metric Format (shared/ingest/run-record.ts, `metricsLine`):
 * IngestSucceeded is 1 for a run that published or was skipped (unchanged feed, lock held), 0 for a failure.
 * Dimension FunctionName. No datapoint ≥ 1 for `staleHours` means the prices are going stale.
 */
export const INGEST_SUCCESS_METRIC = { namespace: 'Plein', metricName: 'IngestSucceeded' } as const;

export interface IngestProps {
  readonly table: TableV2;
  readonly archiveBucket: IBucket;
  readonly dataBucket: IBucket;
  readonly feedUrl: string;
  /** The feed read when feedUrl cannot be ('' for none): both are set, the function applies no default. */
  readonly feedFallbackUrl: string;
  readonly scheduleMinutes: number;
  /** Alarm when no successful run was reported for this many hours. */
  readonly staleHours: number;
  readonly monitoring: Monitoring;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The feed ingest: one function on an EventBridge schedule, and once during every deployment that creates or
 * changes it (a CDK trigger), so a new stack serves data minutes after it is up. A failed or refused run makes
 * the invocation fail (functions/ingest/handler.ts); it is not retried by Lambda (the next scheduled run is
 * the retry); events that cannot be delivered or whose run failed land in an SQS dead-letter queue. Alarms
 * (docs/DEPLOY.md, "Monitoring"): a failed invocation, the last run failed, anything in the DLQ, no
 * successful run for `staleHours`.
 */
export class Ingest extends Construct {
  readonly function: PleinFunction;
  readonly schedule: Rule;
  readonly deadLetterQueue: Queue;
  readonly errorsAlarm: Alarm;
  readonly failedRunAlarm: Alarm;
  readonly staleAlarm: Alarm;
  readonly deadLetterAlarm: Alarm;
  readonly deployTrigger: Trigger;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    const interval = Duration.minutes(props.scheduleMinutes);
    // EventBridge and Lambda accept an event age between 1 minute and 6 hours.
    const maxEventAge = Duration.seconds(Math.min(Math.max(interval.toSeconds(), 60), 6 * 3600));

    this.deadLetterQueue = newDeadLetterQueue(
      this,
      'the ingest schedule target and of the function’s async invocations',
    );

    this.function = new PleinFunction(this, 'Function', {
      entry: INVOKABLE_FUNCTIONS.ingest.handler,
      description: 'Ingest the national fuel-price feed: archive, diff, publish snapshot',
      limits: INVOKABLE_FUNCTIONS.ingest.limits,
      environment: { FEED_URL: props.feedUrl, FEED_FALLBACK_URL: props.feedFallbackUrl },
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      retryAttempts: 0,
      maxEventAge,
      onFailure: new SqsDestination(this.deadLetterQueue),
    })
      .bindTable(props.table, 'write')
      .bindBucket('archive', props.archiveBucket, { write: 'raw/' })
      // Each run publishes snapshot/<runId>.json.gz and deletes the snapshots it superseded.
      .bindBucket('data', props.dataBucket, { read: 'snapshot/', write: 'snapshot/', delete: 'snapshot/' });

    this.schedule = new Rule(this, 'Schedule', {
      description: `Run the Plein ingest every ${props.scheduleMinutes} minutes`,
      schedule: Schedule.rate(interval),
      targets: [
        new LambdaFunction(this.function, {
          event: RuleTargetInput.fromObject({ trigger: 'schedule' }),
          retryAttempts: 1,
          maxEventAge,
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });

    this.deployTrigger = runAtDeploy(this, this.function, {
      maxEventAge,
      deadLetterQueue: this.deadLetterQueue,
      after: [props.table, props.archiveBucket, props.dataBucket],
    });

    // Any failed invocation (a failed or refused run, or a crash or timeout that left no run record).
    this.errorsAlarm = countAlarm(
      this,
      'ErrorsAlarm',
      'A Plein ingest invocation failed in the last 5 minutes (a failed or refused run, or a crash/timeout: ' +
        'see the log group; the event is in the DLQ).',
      this.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
    );

    // Every run reports IngestSucceeded (0 for a failed or refused run): with no data between runs the alarm
    // keeps its state, so it stays in ALARM until a run succeeds or is skipped, without flapping.
    this.failedRunAlarm = new Alarm(this, 'FailedRunAlarm', {
      alarmDescription:
        'The last Plein ingest run failed or was refused (its error is in the admin page, Ingestion). ' +
        'Clears at the next run that succeeds or is skipped.',
      metric: this.successMetric('Minimum', Duration.minutes(5)),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.IGNORE,
    });

    this.staleAlarm = new Alarm(this, 'StaleAlarm', {
      alarmDescription: `No successful Plein ingest for ${props.staleHours} h: the prices are going stale.`,
      metric: this.successMetric('Sum', Duration.hours(props.staleHours)),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.BREACHING,
    });

    this.deadLetterAlarm = deadLetterAlarm(
      this,
      'DeadLetterAlarm',
      'An ingest event could not be delivered or its run failed: inspect the dead-letter queue.',
      this.deadLetterQueue,
    );

    props.monitoring.notify(this.errorsAlarm, this.failedRunAlarm, this.staleAlarm, this.deadLetterAlarm);
  }

  /** The run heartbeat (EMF, one datapoint per run), for this function. */
  private successMetric(statistic: 'Sum' | 'Minimum', period: Duration): Metric {
    return new Metric({
      namespace: INGEST_SUCCESS_METRIC.namespace,
      metricName: INGEST_SUCCESS_METRIC.metricName,
      dimensionsMap: { FunctionName: this.function.functionName },
      statistic,
      period,
    });
  }
}
