import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  type MethodOptions,
  type RequestValidator,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type Route, routeKey } from '#functions/http/routes.ts';
import { keys } from '#shared/db/keys.ts';
import { HISTORY_PREFIX } from '#shared/history/keys.ts';
import { NAMES, USER_POOL } from '#shared/platform.ts';
import { countAlarm, type Monitoring } from './monitoring.ts';
import { acknowledge, managedPolicy } from './nag.ts';
import { PleinFunction } from './plein-function.ts';

/** The API stage: CloudFront's /api/* behavior forwards to https://<api>/<STAGE_NAME>/api/…. */
export const STAGE_NAME = 'v1';

/** The resources a route's `access` may name. */
interface ApiResources {
  readonly table: TableV2;
  readonly dataBucket: IBucket;
  readonly userPool: IUserPool;
  readonly ingestFunction: IFunction;
}

export interface ApiProps {
  readonly routes: readonly Route[];
  readonly resources: ApiResources;
  /** Stage-wide throttling: steady requests per second and burst. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Only for a site on another origin (local dev against AWS): CORS preflight and CORS on gateway errors. */
  readonly corsOrigin?: string;
  /** Whether a CloudFront-scope web ACL (edge.ts) guards the API; the stage itself has none (nag note). */
  readonly edgeWaf?: boolean;
  readonly monitoring: Monitoring;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** `GET /api/stations/{id}` → `GetApiStationsId`: a stable construct id per route. */
function routeConstructId(route: Pick<Route, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1).toLowerCase())
    .join('');
}

/** API Gateway's own errors, in the API's JSON error shape `{ error: { code, message } }` (DESIGN.md). */
const GATEWAY_ERRORS: ReadonlyArray<{ type: ResponseType; id: string; status?: string; code: string }> = [
  { type: ResponseType.UNAUTHORIZED, id: 'Unauthorized', code: 'unauthorized' },
  { type: ResponseType.ACCESS_DENIED, id: 'AccessDenied', code: 'forbidden' },
  // API Gateway answers an unknown path or method with 403 "Missing Authentication Token": it is a 404.
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, id: 'UnknownRoute', status: '404', code: 'not_found' },
  { type: ResponseType.THROTTLED, id: 'Throttled', status: '429', code: 'throttled' },
  { type: ResponseType.REQUEST_TOO_LARGE, id: 'TooLarge', code: 'too_large' },
  { type: ResponseType.BAD_REQUEST_PARAMETERS, id: 'BadParameters', code: 'invalid' },
  { type: ResponseType.DEFAULT_4XX, id: 'Default4xx', code: 'client_error' },
  { type: ResponseType.DEFAULT_5XX, id: 'Default5xx', code: 'internal' },
];

/**
 * The REST API (v1: stage throttling, usable behind a CloudFront WAF) built from THE route table: one function per route, the Cognito
 * authorizer by default, AuthorizationType.NONE only where a route says `auth: 'public'`. Each function gets
 * exactly the access its route declares.
 */
export class Api extends Construct {
  readonly restApi: RestApi;
  readonly authorizer: CognitoUserPoolsAuthorizer;
  /** The route functions, by route key (`GET /api/health`). */
  readonly functions: ReadonlyMap<string, PleinFunction>;
  readonly accessLogGroup: LogGroup;
  readonly serverErrorsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    this.authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [props.resources.userPool],
      identitySource: 'method.request.header.Authorization',
    });

    this.restApi = new RestApi(this, 'RestApi', {
      description: 'Plein API (behind CloudFront at /api)',
      endpointTypes: [EndpointType.REGIONAL],
      // gzip for clients that accept it: CloudFront does not compress the uncached /api/* behavior (web.ts).
      minCompressionSize: Size.kibibytes(1),
      // The account-level role API Gateway needs to write the logs below (AWS::ApiGateway::Account).
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      defaultMethodOptions: { authorizer: this.authorizer, authorizationType: AuthorizationType.COGNITO },
      defaultCorsPreflightOptions: props.corsOrigin
        ? {
            allowOrigins: [props.corsOrigin],
            allowMethods: [...new Set(props.routes.map((r) => r.method))],
            allowHeaders: ['Authorization', 'Content-Type'],
            maxAge: Duration.hours(1),
          }
        : undefined,
      deployOptions: {
        stageName: STAGE_NAME,
        throttlingRateLimit: props.throttle.rateLimit,
        throttlingBurstLimit: props.throttle.burstLimit,
        accessLogDestination: new LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: AccessLogField.contextRequestId(),
            time: AccessLogField.contextRequestTimeEpoch(),
            ip: AccessLogField.contextIdentitySourceIp(),
            userAgent: AccessLogField.contextIdentityUserAgent(),
            sub: AccessLogField.contextAuthorizerClaims('sub'),
            method: AccessLogField.contextHttpMethod(),
            resource: AccessLogField.contextResourcePath(),
            status: AccessLogField.contextStatus(),
            latencyMs: AccessLogField.contextResponseLatency(),
            integrationLatencyMs: AccessLogField.contextIntegrationLatency(),
            responseLength: AccessLogField.contextResponseLength(),
            error: AccessLogField.contextErrorMessage(),
            errorType: AccessLogField.contextErrorResponseType(),
          }),
        ),
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: false,
        tracingEnabled: true,
      },
    });

    // API Gateway creates its execution log group on first use, without retention: create it first, with one.
    new LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.restApi.restApiId}/${STAGE_NAME}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    // Required path parameters are checked at the gateway; bodies have no API Gateway models (zod in the
    // middleware validates them), so body validation only applies to models added later.
    const validator = this.restApi.addRequestValidator('RequestValidator', {
      validateRequestParameters: true,
      validateRequestBody: true,
    });

    const functions = new Map<string, PleinFunction>();
    for (const route of props.routes) {
      const fn = this.addRoute(route, props, validator);
      functions.set(routeKey(route), fn);
    }
    this.functions = functions;

    this.addGatewayResponses(props.corsOrigin);

    this.serverErrorsAlarm = countAlarm(
      this,
      'ServerErrorsAlarm',
      'The Plein API answered 5xx at least 3 times in 5 minutes (function errors or timeouts).',
      this.restApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      3,
    );
    props.monitoring.notify(this.serverErrorsAlarm);

    this.acknowledgeFindings(props);
  }

  private addRoute(route: Route, props: ApiProps, validator: RequestValidator): PleinFunction {
    const key = routeKey(route);
    const { access } = route;
    const r = props.resources;
    const fn = new PleinFunction(this, routeConstructId(route), {
      entry: route.handler,
      description: key,
      limits: route.limits,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      environment: props.corsOrigin ? { CORS_ORIGIN: props.corsOrigin } : undefined,
    });
    // Every authenticated route reads the erasure marker of its caller (functions/http/lib/erasure.ts).
    const table = access.table ?? (route.auth === 'public' ? undefined : 'read');
    if (table) fn.bindTable(r.table, table);
    // Creating a secret on first use (shared/db/secrets.ts) is a put on its own partition and nothing else.
    for (const name of access.secrets ?? []) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['dynamodb:PutItem'],
          resources: [r.table.tableArn],
          conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [keys.secret(name).PK] } },
        }),
      );
    }
    if (access.snapshot) fn.bindBucket('data', r.dataBucket, { read: 'snapshot/' });
    // The names table is one object: read exactly that key, nothing else outside snapshot/.
    if (access.names) fn.bindBucket('data', r.dataBucket, { read: NAMES.objectKey });
    // The backfilled history (issue 18): read only, with ListBucket so a station-year never stored is a 404.
    if (access.history) fn.bindBucket('data', r.dataBucket, { read: HISTORY_PREFIX });
    if (access.cognito) fn.bindUserPool(r.userPool, access.cognito);
    if (access.ingest) fn.bindInvoke(r.ingestFunction, 'INGEST_FUNCTION_NAME');

    const pathParameters = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1]);
    const method = this.restApi.root
      .resourceForPath(route.path)
      .addMethod(route.method, new LambdaIntegration(fn, { allowTestInvoke: false }), {
        ...this.methodAuth(route),
        operationName: routeConstructId(route),
        requestValidator: validator,
        requestParameters: Object.fromEntries(pathParameters.map((p) => [`method.request.path.${p}`, true])),
      });
    if (route.auth === 'public') {
      acknowledge(
        method,
        `Public by design: ROUTES declares ${key} with auth 'public' (open data, no account needed); stage throttling applies.`,
        'AwsSolutions-APIG4',
        'AwsSolutions-COG4',
      );
    }
    return fn;
  }

  /** Private unless public: user and admin routes require a Cognito *access* token (admin group checked in code). */
  private methodAuth(route: Route): MethodOptions {
    switch (route.auth) {
      case 'public':
        return { authorizationType: AuthorizationType.NONE };
      case 'user':
      case 'admin':
        return {
          authorizer: this.authorizer,
          authorizationType: AuthorizationType.COGNITO,
          authorizationScopes: [USER_POOL.apiScope],
        };
    }
  }

  private addGatewayResponses(corsOrigin: string | undefined): void {
    const corsHeaders = corsOrigin
      ? {
          'Access-Control-Allow-Origin': `'${corsOrigin}'`,
          'Access-Control-Allow-Headers': "'Authorization,Content-Type'",
          Vary: "'Origin'",
        }
      : undefined;
    for (const e of GATEWAY_ERRORS) {
      this.restApi.addGatewayResponse(e.id, {
        type: e.type,
        statusCode: e.status,
        responseHeaders: {
          'Cache-Control': "'no-store'",
          'X-Content-Type-Options': "'nosniff'",
          ...corsHeaders,
        },
        templates: {
          'application/json': `{"error":{"code":"${e.code}","message":$context.error.messageString}}`,
        },
      });
    }
  }

  private acknowledgeFindings(props: ApiProps): void {
    const cloudWatchRole = this.restApi.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      acknowledge(
        cloudWatchRole,
        'AmazonAPIGatewayPushToCloudWatchLogs is the AWS-documented policy of the one account-level role API Gateway ' +
          'uses to write logs for every API in the region; it cannot be scoped to this API’s log groups.',
        managedPolicy('service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
      );
    }
    acknowledge(
      this.restApi.deploymentStage,
      props.edgeWaf
        ? 'The web ACL is on the CloudFront distribution in front of this stage (edge.ts): a regional one here would see ' +
            "CloudFront's addresses, not the viewers', so its rate limit would throttle everyone behind one edge."
        : 'WAF is opt-in (-c waf=true, about $8/month, at CloudFront): by default stage throttling and the Cognito ' +
            'authorizer protect the API.',
      'AwsSolutions-APIG3',
    );
    if (props.corsOrigin) {
      for (const child of this.restApi.methods.filter((m) => m.httpMethod === 'OPTIONS')) {
        acknowledge(
          child,
          'CORS preflight (only with -c corsOrigin): browsers send OPTIONS without credentials, so it cannot be authorized.',
          'AwsSolutions-APIG4',
          'AwsSolutions-COG4',
        );
      }
    }
  }
}
