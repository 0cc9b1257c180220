import { type CfnElement, Duration, type RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Trigger } from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import { keys } from '#shared/db/keys.ts';
import { INVOKABLE_FUNCTIONS, NAMES, TABLE_ENV } from '#shared/platform.ts';
import { runAtDeploy } from './deploy-trigger.ts';
import { countAlarm, deadLetterAlarm, type Monitoring, newDeadLetterQueue } from './monitoring.ts';
import { acknowledge, nagRef, wildcardResource } from './nag.ts';
import { PleinFunction } from './plein-function.ts';

export interface NamesProps {
  readonly table: TableV2;
  readonly archiveBucket: IBucket;
  readonly dataBucket: IBucket;
  /** The Osmose export (NAMES.defaultUrl unless the deployment says otherwise). */
  readonly namesUrl?: string;
  readonly monitoring: Monitoring;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

const WEEKDAYS = ['', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

/**
 * Station names and brands (issue 16, docs/NAMES.md): one function that reads the OSM export, archives it
 * under `names/raw/` of the archive bucket and publishes `names/current.json` in the data bucket; weekly on
 * an EventBridge Scheduler cron in Europe/Paris (NAMES.schedule) and once at each deployment that changes
 * it, so a new stack has names before its first hours of ingest. Its role reaches exactly those prefixes
 * and, in the table, only the NAMESRUN partition (dynamodb:LeadingKeys). A refused or failed run fails the
 * invocation: the errors alarm and the dead-letter queue see it; the last good table stays published.
 */
export class Names extends Construct {
  readonly function: PleinFunction;
  readonly schedule: Schedule;
  readonly deadLetterQueue: Queue;
  readonly errorsAlarm: Alarm;
  readonly deployTrigger: Trigger;

  constructor(scope: Construct, id: string, props: NamesProps) {
    super(scope, id);
    this.deadLetterQueue = newDeadLetterQueue(this, "the names function's asynchronous invocations");
    const maxEventAge = Duration.hours(6);

    this.function = new PleinFunction(this, 'Function', {
      entry: INVOKABLE_FUNCTIONS.names.handler,
      description: 'Station names and brands: read the OSM export, publish the names table',
      limits: INVOKABLE_FUNCTIONS.names.limits,
      environment: { NAMES_URL: props.namesUrl ?? NAMES.defaultUrl },
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      // The next week's run is the retry; a refused file would be refused again.
      retryAttempts: 0,
      maxEventAge,
      onFailure: new SqsDestination(this.deadLetterQueue),
    })
      .bindBucket('archive', props.archiveBucket, { read: NAMES.rawPrefix, write: NAMES.rawPrefix })
      .bindBucket('data', props.dataBucket, { read: 'names/', write: 'names/' });
    // Its run records only: PutItem and Query in the NAMESRUN partition, nothing else of the table.
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:Query'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [keys.namesRunPk] } },
      }),
    );
    this.function.addEnvironment(TABLE_ENV, props.table.tableName);

    const s = NAMES.schedule;
    const scheduleRole = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Plein: EventBridge Scheduler invoking the weekly names refresh',
    });
    this.schedule = new Schedule(this, 'Schedule', {
      description: `Plein names refresh: every ${WEEKDAYS[s.weekday]} ${s.hour}:${String(s.minute).padStart(2, '0')} ${s.timeZone}`,
      schedule: ScheduleExpression.cron({
        minute: String(s.minute),
        hour: String(s.hour),
        weekDay: WEEKDAYS[s.weekday] ?? 'MON',
        timeZone: TimeZone.of(s.timeZone),
      }),
      target: new LambdaInvoke(this.function, {
        input: ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        retryAttempts: 0,
        role: scheduleRole,
      }),
    });
    acknowledge(
      scheduleRole,
      'The scheduler target grants lambda:InvokeFunction on the names function and its versions (<arn>:*), nothing else.',
      wildcardResource(`${nagRef(this.function.node.defaultChild as CfnElement)}:*`),
    );

    this.deployTrigger = runAtDeploy(this, this.function, {
      maxEventAge,
      deadLetterQueue: this.deadLetterQueue,
      after: [props.table, props.archiveBucket, props.dataBucket],
    });

    this.errorsAlarm = countAlarm(
      this,
      'ErrorsAlarm',
      'The names refresh failed or refused its file (the last good names stay published; the reason is in ' +
        'its NAMESRUN record and log group).',
      this.function.metricErrors({ period: Duration.minutes(15), statistic: 'Sum' }),
    );
    props.monitoring.notify(
      this.errorsAlarm,
      deadLetterAlarm(
        this,
        'DeadLetterAlarm',
        'A names refresh event could not be delivered or its run failed: inspect the names DLQ.',
        this.deadLetterQueue,
      ),
    );
  }
}
