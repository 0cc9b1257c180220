import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ROUTES, routeKey } from '#functions/http/routes.ts';
import { Alerts } from './alerts.ts';
import { Api } from './api.ts';
import { Auth } from './auth.ts';
import { Backfill } from './backfill.ts';
import { Ingest } from './ingest.ts';
import { Monitoring } from './monitoring.ts';
import { Names } from './names.ts';
import { Storage } from './storage.ts';
import { Web } from './web.ts';

/** Everything a deployment can vary, parsed from CDK context by infra/app.ts (and only there). */
export interface DeployConfig {
  readonly stage: 'dev' | 'prod';
  readonly scheduleMinutes: number;
  readonly feedUrl: string;
  /** The feed read when feedUrl cannot be ('' for none). */
  readonly feedFallbackUrl: string;
  readonly archiveDays: number;
  readonly staleHours: number;
  readonly logRetention: RetentionDays;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** The CloudFront web ACL (edge stack in us-east-1): requests per viewer per 5 minutes to /api/*. */
  readonly waf?: { readonly rateLimit: number };
  /** The region to deploy to, when it must be known at synth time (the cross-region reference of `waf`). */
  readonly region?: string;
  readonly corsOrigin?: string;
  readonly mfa: 'off' | 'optional';
  readonly sesFromEmail?: string;
  readonly sesRegion?: string;
  /** What is verified in SES for sesFromEmail: the address (default) or its domain. */
  readonly sesIdentity?: 'address' | 'domain';
  readonly alarmEmail?: string;
  /** Absolute path of the built site, when it exists. */
  readonly siteDir?: string;
}

export interface PleinStackProps extends StackProps {
  readonly config: DeployConfig;
  /** The CLOUDFRONT-scope web ACL of the edge stack, when `config.waf`. */
  readonly webAclArn?: string;
}

/** The whole of Plein in one stack, environment-agnostic (no lookups): `Plein-<stage>`. */
export class PleinStack extends Stack {
  readonly storage: Storage;
  readonly auth: Auth;
  readonly monitoring: Monitoring;
  readonly ingest: Ingest;
  readonly names: Names;
  readonly api: Api;
  readonly web: Web;
  readonly alerts: Alerts;
  readonly backfill: Backfill;

  constructor(scope: Construct, id: string, props: PleinStackProps) {
    super(scope, id, props);
    const { config } = props;
    const production = config.stage === 'prod';

    this.storage = new Storage(this, 'Storage', {
      production,
      archiveDays: config.archiveDays,
      accessLogDays: Math.max(config.logRetention, 30),
    });
    const { removalPolicy } = this.storage;

    this.auth = new Auth(this, 'Auth', {
      production,
      removalPolicy,
      mfa: config.mfa,
      sesFromEmail: config.sesFromEmail,
      sesRegion: config.sesRegion,
      sesIdentity: config.sesIdentity,
    });

    this.monitoring = new Monitoring(this, 'Monitoring', { alarmEmail: config.alarmEmail });

    this.ingest = new Ingest(this, 'Ingest', {
      table: this.storage.table,
      archiveBucket: this.storage.archiveBucket,
      dataBucket: this.storage.dataBucket,
      feedUrl: config.feedUrl,
      feedFallbackUrl: config.feedFallbackUrl,
      scheduleMinutes: config.scheduleMinutes,
      staleHours: config.staleHours,
      monitoring: this.monitoring,
      logRetention: config.logRetention,
      removalPolicy,
    });

    // Station names and brands from OpenStreetMap (issue 16), read by the ingest from the data bucket.
    this.names = new Names(this, 'Names', {
      table: this.storage.table,
      archiveBucket: this.storage.archiveBucket,
      dataBucket: this.storage.dataBucket,
      monitoring: this.monitoring,
      logRetention: config.logRetention,
      removalPolicy,
    });

    this.api = new Api(this, 'Api', {
      routes: ROUTES,
      resources: {
        table: this.storage.table,
        dataBucket: this.storage.dataBucket,
        userPool: this.auth.userPool,
        ingestFunction: this.ingest.function,
      },
      throttle: config.throttle,
      corsOrigin: config.corsOrigin,
      edgeWaf: Boolean(props.webAclArn),
      monitoring: this.monitoring,
      logRetention: config.logRetention,
      removalPolicy,
    });

    // The history backfill (issue 18): its own function and state machine, started by the admin routes.
    this.backfill = new Backfill(this, 'Backfill', {
      table: this.storage.table,
      dataBucket: this.storage.dataBucket,
      logRetention: config.logRetention,
      removalPolicy,
    });
    for (const route of ROUTES) {
      const fn = 'backfill' in route.access ? this.api.functions.get(routeKey(route)) : undefined;
      if (fn) this.backfill.grantAdmin(fn);
    }

    this.web = new Web(this, 'Web', {
      storage: this.storage,
      api: this.api.restApi,
      routes: ROUTES,
      ingestMinutes: config.scheduleMinutes,
      webAclArn: props.webAclArn,
      siteDir: config.siteDir,
      logRetention: config.logRetention,
      runtimeConfig: {
        apiBase: '/api',
        region: Aws.REGION,
        userPoolId: this.auth.userPool.userPoolId,
        userPoolClientId: this.auth.client.userPoolClientId,
        cognitoEndpoint: this.auth.cognitoEndpoint,
        alerts: Alerts.deployed(config),
      },
    });

    this.alerts = new Alerts(this, 'Alerts', {
      table: this.storage.table,
      dataBucket: this.storage.dataBucket,
      userPool: this.auth.userPool,
      ingestFunction: this.ingest.function,
      routeFunctions: this.api.functions,
      siteUrl: this.web.siteUrl,
      sesFromEmail: config.sesFromEmail,
      sesRegion: config.sesRegion,
      monitoring: this.monitoring,
      logRetention: config.logRetention,
      removalPolicy,
    });

    new CfnOutput(this, 'SiteUrl', {
      value: this.web.siteUrl,
      description: 'The site (and the API under /api)',
    });
    new CfnOutput(this, 'ApiUrl', {
      value: `${this.web.siteUrl}/api`,
      description: 'API base, through CloudFront',
    });
    new CfnOutput(this, 'ApiGatewayUrl', {
      value: this.api.restApi.url,
      description: 'The API stage itself (debugging only; clients use ApiUrl)',
    });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'Region', { value: Aws.REGION });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
  }
}
