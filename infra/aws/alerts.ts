import {
  Annotations,
  Aws,
  type CfnElement,
  Duration,
  Names,
  type RemovalPolicy,
  Stack,
  TimeZone,
} from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { type CfnFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RouteKey } from '#functions/http/routes.ts';
import { CHANGES_PREFIX } from '#shared/alerts/changes.ts';
import { ALERTS_ENABLED_ENV } from '#shared/alerts/deployment.ts';
import { DIGEST_SCHEDULE, INVOKABLE_FUNCTIONS } from '#shared/platform.ts';
import { countAlarm, deadLetterAlarm, type Monitoring, newDeadLetterQueue } from './monitoring.ts';
import { acknowledge, nagRef, wildcardResource } from './nag.ts';
import { PleinFunction } from './plein-function.ts';
import { sesIdentityName } from './ses-identity.ts';

export interface AlertsProps {
  readonly table: TableV2;
  readonly dataBucket: Bucket;
  readonly userPool: IUserPool;
  /** The ingest invokes the evaluation after each published run. */
  readonly ingestFunction: PleinFunction;
  /** The API's route functions (Api.functions): the alert routes are told whether alerts are deployed. */
  readonly routeFunctions: ReadonlyMap<string, PleinFunction>;
  /** Origin of the links in emails (the CloudFront URL). */
  readonly siteUrl: string;
  /** The SES-verified sender (context `sesFromEmail`). Without it, alerts are not deployed. */
  readonly sesFromEmail?: string;
  /** Region of the SES identity when it is not the stack's (context `sesRegion`). */
  readonly sesRegion?: string;
  readonly monitoring: Monitoring;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** The routes that answer differently when alerts are not deployed (`available`, 409 `alerts_off`). */
export const ALERT_ROUTES = [
  'GET /api/me/alerts',
  'PUT /api/me/alerts',
  'PUT /api/me/push-subscriptions',
] as const satisfies readonly RouteKey[];

/**
 * Price alerts and the weekly digest by email (issue 8, docs/ALERTS.md):
 * - the evaluation function, invoked asynchronously by the ingest only (lambda:InvokeFunction on exactly it,
 *   its name in the ingest's ALERTS_FUNCTION_NAME), reading `changes/` and `snapshot/` of the data bucket;
 * - the digest function on an EventBridge Scheduler cron in Europe/Paris (DIGEST_SCHEDULE), repeated in the
 *   morning window so a long list resumes where it stopped;
 * - a KMS-encrypted, TLS-only SNS topic that an SES configuration set feeds with bounces and complaints, and
 *   the small function that turns alerts off for those addresses' users (Cognito ListUsers by email).
 * SES sending is limited to the configured identity (and the From address) and the configuration set.
 * Without `sesFromEmail` nothing is deployed and the construct says so (a warning annotation); the alert
 * routes are told (ALERTS_ENABLED=false: `available: false`, 409 `alerts_off` for new rules) and config.json
 * says `alerts: false`, so the site shows a notice instead of the form.
 */
export class Alerts extends Construct {
  /** Alerts are deployed exactly when there is an SES sender: config.json's `alerts` says the same. */
  static deployed(props: { readonly sesFromEmail?: string }): boolean {
    return Boolean(props.sesFromEmail);
  }

  readonly enabled: boolean;
  readonly evaluateFunction?: PleinFunction;
  readonly digestFunction?: PleinFunction;
  readonly bounceFunction?: PleinFunction;
  readonly bounceTopic?: Topic;
  readonly configurationSet?: ConfigurationSet;
  readonly digestSchedule?: Schedule;
  readonly deadLetterQueue?: Queue;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    this.enabled = Alerts.deployed(props);
    for (const key of ALERT_ROUTES) {
      const fn = props.routeFunctions.get(key);
      if (!fn) throw new Error(`Alerts: no function for the route ${key}`);
      fn.addEnvironment(ALERTS_ENABLED_ENV, String(this.enabled));
    }
    if (!props.sesFromEmail) {
      Annotations.of(this).addWarningV2(
        'plein:alerts-disabled',
        'Price alerts and the weekly digest are DISABLED: no sesFromEmail context (an SES-verified sender). ' +
          'The site says so and the API refuses new rules (409 alerts_off). Deploy with -c sesFromEmail=<address> to enable them.',
      );
      return;
    }
    const from = props.sesFromEmail;
    const sesRegion = props.sesRegion ?? Aws.REGION;
    // Both identities the sender may be verified as (infra/aws/ses-identity.ts): Cognito's SourceArn names the
    // configured one (-c sesIdentity), and SES authorizes against the address identity whenever that address
    // is verified, even under a verified domain. ses:FromAddress below keeps either to this one sender.
    const identities = (['address', 'domain'] as const).map(
      (kind) =>
        `arn:${Aws.PARTITION}:ses:${sesRegion}:${Aws.ACCOUNT_ID}:identity/${sesIdentityName(from, kind)}`,
    );

    // Bounces and complaints: a configuration set in the stack's region publishes them to the topic. It can
    // only be used when SES sends from this region.
    if (!props.sesRegion) {
      const key = new Key(this, 'BounceTopicKey', {
        description: 'Plein: SES bounce/complaint notifications (they name addresses)',
        enableKeyRotation: true,
        removalPolicy: props.removalPolicy,
      });
      key.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
      this.bounceTopic = new Topic(this, 'BounceTopic', {
        displayName: 'Plein SES bounces and complaints',
        enforceSSL: true,
        masterKey: key,
      });
      this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {});
      this.configurationSet.addEventDestination('BouncesAndComplaints', {
        destination: EventDestination.snsTopic(this.bounceTopic),
        events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
      });
    } else {
      Annotations.of(this).addWarningV2(
        'plein:alerts-bounces-not-wired',
        `SES sends from ${props.sesRegion}, not the stack's region: bounces and complaints are not wired to the ` +
          "bounce function (configure the identity's notifications in that region by hand).",
      );
    }
    const sendStatement = new PolicyStatement({
      actions: ['ses:SendRawEmail'],
      resources: [
        ...identities,
        ...(this.configurationSet
          ? [
              Stack.of(this).formatArn({
                service: 'ses',
                resource: 'configuration-set',
                resourceName: this.configurationSet.configurationSetName,
              }),
            ]
          : []),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': from } },
    });
    const environment = {
      SITE_URL: props.siteUrl,
      ALERTS_FROM_EMAIL: `Plein <${from}>`,
      ...(this.configurationSet ? { SES_CONFIGURATION_SET: this.configurationSet.configurationSetName } : {}),
      ...(props.sesRegion ? { SES_REGION: props.sesRegion } : {}),
    };

    this.deadLetterQueue = newDeadLetterQueue(this, "the alert evaluation's asynchronous invocations");

    this.evaluateFunction = new PleinFunction(this, 'EvaluateFunction', {
      entry: INVOKABLE_FUNCTIONS.alerts.handler,
      description: 'Price alerts: evaluate the rules concerned by one ingest run, send the emails',
      limits: INVOKABLE_FUNCTIONS.alerts.limits,
      environment,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      // A retry re-evaluates: emails already sent are claimed (never twice); failed sends are retried.
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new SqsDestination(this.deadLetterQueue),
    })
      .bindTable(props.table, 'write')
      .bindBucket('data', props.dataBucket, { read: CHANGES_PREFIX })
      .bindBucket('data', props.dataBucket, { read: 'snapshot/' })
      .bindUserPool(props.userPool, ['cognito-idp:AdminGetUser']);
    this.evaluateFunction.addToRolePolicy(sendStatement);

    // The ingest writes the run's changes and invokes exactly this function (nothing else). It names the
    // function by a name fixed at synth time (derived from the construct path, like CloudFormation's own),
    // not by a reference: the evaluation needs the CloudFront URL, CloudFront depends on the API, and the
    // API's admin trigger depends on the ingest — a reference here would close that loop (docs/ALERTS.md).
    const evaluateName = Names.uniqueResourceName(this.evaluateFunction, { maxLength: 64, separator: '-' });
    (this.evaluateFunction.node.defaultChild as CfnFunction).functionName = evaluateName;
    props.ingestFunction
      .bindBucket('data', props.dataBucket, { write: CHANGES_PREFIX })
      .bindInvoke(
        LambdaFunction.fromFunctionName(this, 'EvaluateFunctionByName', evaluateName),
        INVOKABLE_FUNCTIONS.alerts.env,
      )
      .addEnvironment(INVOKABLE_FUNCTIONS.alerts.env, evaluateName); // the literal name, not Select(Split(arn))
    props.dataBucket.addLifecycleRule({
      id: 'expire-alert-changes',
      prefix: CHANGES_PREFIX,
      expiration: Duration.days(7),
    });

    this.digestFunction = new PleinFunction(this, 'DigestFunction', {
      entry: INVOKABLE_FUNCTIONS.digest.handler,
      description: "Weekly digest: favourites' cheapest, trend and savings, by email",
      limits: INVOKABLE_FUNCTIONS.digest.limits,
      environment,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      retryAttempts: 0,
    })
      .bindTable(props.table, 'write')
      .bindBucket('data', props.dataBucket, { read: 'snapshot/' })
      .bindUserPool(props.userPool, ['cognito-idp:AdminGetUser']);
    this.digestFunction.addToRolePolicy(sendStatement);

    const scheduleRole = new Role(this, 'DigestScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Plein: EventBridge Scheduler invoking the weekly digest',
    });
    const s = DIGEST_SCHEDULE;
    this.digestSchedule = new Schedule(this, 'DigestSchedule', {
      description: `Plein weekly digest: ${['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][s.weekday]} ${s.hour}:${String(s.minute).padStart(2, '0')} ${s.timeZone}, repeated every ${s.retryEveryMinutes} min until ${s.untilHour}:00 (each call resumes; a finished week is a no-op)`,
      schedule: ScheduleExpression.cron({
        minute: `${s.minute}/${s.retryEveryMinutes}`,
        hour: `${s.hour}-${s.untilHour - 1}`,
        weekDay: ['', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'][s.weekday] ?? 'MON',
        timeZone: TimeZone.EUROPE_PARIS,
      }),
      target: new LambdaInvoke(this.digestFunction, {
        input: ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        retryAttempts: 0,
        role: scheduleRole,
      }),
    });
    acknowledge(
      scheduleRole,
      'The scheduler target grants lambda:InvokeFunction on the digest function and its versions (<arn>:*), nothing else.',
      wildcardResource(`${nagRef(this.digestFunction.node.defaultChild as CfnElement)}:*`),
    );

    if (this.bounceTopic) {
      this.bounceFunction = new PleinFunction(this, 'BounceFunction', {
        entry: 'functions/alerts/bounce.ts',
        description: 'SES bounces and complaints: turn alerts off for those addresses',
        // One SNS notification: a Query and a profile update or two.
        limits: { memoryMB: 256, timeoutSeconds: 30 },
        logRetention: props.logRetention,
        removalPolicy: props.removalPolicy,
      })
        .bindTable(props.table, 'write')
        .bindUserPool(props.userPool, ['cognito-idp:ListUsers']);
      this.bounceTopic.addSubscription(new LambdaSubscription(this.bounceFunction));
    }

    const alarms = [
      countAlarm(
        this,
        'EvaluateErrorsAlarm',
        'Price-alert evaluation failed (see its log group; retried, then the event goes to the DLQ).',
        this.evaluateFunction.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      ),
      deadLetterAlarm(
        this,
        'DeadLetterAlarm',
        "An ingest run's alerts could not be evaluated after retries: inspect the alerts DLQ.",
        this.deadLetterQueue,
      ),
      countAlarm(
        this,
        'DigestErrorsAlarm',
        'The weekly digest failed (see its log group; the next scheduled call resumes it).',
        this.digestFunction.metricErrors({ period: Duration.minutes(15), statistic: 'Sum' }),
      ),
    ];
    props.monitoring.notify(...alarms);
  }
}
