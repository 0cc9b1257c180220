// Over 300 lines on purpose: the route rules checked on one synthesized template, one block per rule.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type Route, type RouteAccess, routeKey } from '#functions/http/routes.ts';
import { Api } from '#infra/aws/api.ts';
import { Auth } from '#infra/aws/auth.ts';
import { Monitoring } from '#infra/aws/monitoring.ts';
import { Storage } from '#infra/aws/storage.ts';
import { keys } from '#shared/db/keys.ts';
import { HISTORY_PREFIX } from '#shared/history/keys.ts';
import { AWS_LIMITS, BACKFILL, NAMES, USER_POOL } from '#shared/platform.ts';
import { refId, resourcesOf, roleStatements, SYNTH_OUTDIR, synth } from '../helpers/synth.ts';

interface DeployedRoute {
  key: string;
  authorizationType: unknown;
  authorizerId: string | undefined;
  scopes: unknown;
  functionId: string;
  requestParameters: unknown;
}

/** The API as the template has it: every method with its full path, authorization and target function. */
function deployedRoutes(template: Template): DeployedRoute[] {
  const resources = resourcesOf(template, 'AWS::ApiGateway::Resource');
  const functions = resourcesOf(template, 'AWS::Lambda::Function');
  const pathOf = (id: string | undefined): string => {
    const r = id ? resources[id] : undefined;
    return r ? `${pathOf(refId(r.Properties?.ParentId))}/${String(r.Properties?.PathPart)}` : '';
  };
  return Object.values(resourcesOf(template, 'AWS::ApiGateway::Method')).map((m) => {
    const p = m.Properties ?? {};
    const uri = JSON.stringify((p.Integration as { Uri?: unknown } | undefined)?.Uri ?? '');
    const functionId = Object.keys(functions).find((id) => uri.includes(`"${id}"`)) ?? '';
    return {
      key: `${String(p.HttpMethod)} ${pathOf(refId(p.ResourceId))}`,
      authorizationType: p.AuthorizationType,
      authorizerId: refId(p.AuthorizerId),
      scopes: p.AuthorizationScopes,
      functionId,
      requestParameters: p.RequestParameters,
    };
  });
}

/** Every IAM action granted to a function's role, and whether the role has managed policies. */
function grantedActions(template: Template, functionId: string) {
  const fn = resourcesOf(template, 'AWS::Lambda::Function')[functionId];
  const roleId = refId(fn?.Properties?.Role);
  const role = roleId ? resourcesOf(template, 'AWS::IAM::Role')[roleId] : undefined;
  const statements = roleStatements(template, roleId);
  const actions = new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
  return {
    actions,
    statements,
    managedPolicies: role?.Properties?.ManagedPolicyArns,
    env: fn?.Properties?.Environment,
  };
}

const BASE = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
];
const TABLE_READ = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:Query',
  'dynamodb:Scan',
];
const TABLE_WRITE = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

/**
 * The table access a route's function gets: what it declares, and at least `read` on an authenticated
 * route, whose middleware reads the caller's erasure marker (functions/http/lib/erasure.ts).
 */
function tableOf(route: Route): RouteAccess['table'] {
  return route.access.table ?? (route.auth === 'public' ? undefined : 'read');
}

/** Exactly what a route's `access` allows (RouteAccess → IAM actions). */
function allowedActions(route: Route): Set<string> {
  const { access } = route;
  const table = tableOf(route);
  return new Set([
    ...BASE,
    ...(table ? TABLE_READ : []),
    ...(table === 'write' ? TABLE_WRITE : []),
    ...(access.snapshot || access.names || access.history || access.backfill
      ? ['s3:GetObject', 's3:ListBucket']
      : []),
    ...(access.backfill
      ? ['states:StartExecution', 'states:ListExecutions', 'states:DescribeExecution']
      : []),
    ...(access.cognito ?? []),
    ...(access.ingest ? ['lambda:InvokeFunction'] : []),
    ...(access.secrets?.length ? ['dynamodb:PutItem'] : []),
  ]);
}

function expectLeastPrivilege(template: Template, route: Route, functionId: string) {
  const { actions, statements, managedPolicies, env } = grantedActions(template, functionId);
  const allowed = allowedActions(route);
  const table = tableOf(route);
  expect(
    [...actions].filter((a) => !allowed.has(a)),
    `${routeKey(route)} has more than its access`,
  ).toEqual([]);
  expect(managedPolicies, `${routeKey(route)} role has managed policies`).toBeUndefined();
  const vars = (env as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};

  if (table) expect(actions).toContain('dynamodb:Query');
  if (table !== 'write') {
    // A secret's creation is the one write a reading route may have: a put on that secret's partition.
    const puts = statements.filter((s) => [s.Action].flat().includes('dynamodb:PutItem'));
    expect(
      puts.map((s) => s.Condition ?? null),
      routeKey(route),
    ).toEqual(
      (route.access.secrets ?? []).map((name) => ({
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [keys.secret(name).PK] },
      })),
    );
    for (const write of TABLE_WRITE.filter((w) => w !== 'dynamodb:PutItem'))
      expect(actions).not.toContain(write);
  } else {
    expect(actions).toContain('dynamodb:PutItem');
  }
  expect('TABLE_NAME' in vars, routeKey(route)).toBe(Boolean(table));
  if (route.auth !== 'public') expect(actions, routeKey(route)).toContain('dynamodb:GetItem');
  expect('DATA_BUCKET' in vars).toBe(
    Boolean(route.access.snapshot || route.access.names || route.access.history || route.access.backfill),
  );
  expect(BACKFILL.stateMachine.env in vars, routeKey(route)).toBe(Boolean(route.access.backfill));
  expect('USER_POOL_ID' in vars).toBe(Boolean(route.access.cognito));
  expect('INGEST_FUNCTION_NAME' in vars).toBe(Boolean(route.access.ingest));
  expect('ARCHIVE_BUCKET' in vars).toBe(false);

  // CDK merges statements of the same action: look at each resource of the GetObject ones.
  const gets = statements
    .filter((s) => [s.Action].flat().includes('s3:GetObject'))
    .flatMap((s) => [s.Resource].flat())
    .map((r) => JSON.stringify(r));
  if (route.access.snapshot) expect(gets.some((r) => /"\/snapshot\/\*"\]/.test(r))).toBe(true);
  // The names table: that one object, nothing else of the bucket outside snapshot/.
  expect(gets.some((r) => r.includes(`"/${NAMES.objectKey}*"]`))).toBe(Boolean(route.access.names));
  // The backfilled history (issue 18): its own prefix, for the routes that read it (the admin backfill routes
  // read the years' pointers there).
  const readsHistory = Boolean(route.access.history || route.access.backfill);
  expect(gets.some((r) => r.includes(`"/${HISTORY_PREFIX}*"]`))).toBe(readsHistory);
  expect(gets.length).toBe(
    Number(Boolean(route.access.snapshot)) + Number(Boolean(route.access.names)) + Number(readsHistory),
  );
  // Only X-Ray may use "*" (AWS offers no resource-level permission for it).
  for (const s of statements.filter((s) => s.Resource === '*')) {
    expect([s.Action].flat().every((a) => a.startsWith('xray:'))).toBe(true);
  }
}

describe('the API is THE route table', () => {
  let template: Template;
  let deployed: DeployedRoute[];
  beforeAll(() => {
    template = synth().template;
    deployed = deployedRoutes(template);
  });

  it('has a method for every route and a route for every method', () => {
    expect(deployed.map((d) => d.key).sort()).toEqual(ROUTES.map((r) => routeKey(r)).sort());
  });

  it('protects each method as its route says: Cognito access token unless public', () => {
    const authorizers = resourcesOf(template, 'AWS::ApiGateway::Authorizer');
    for (const route of ROUTES as readonly Route[]) {
      const d = deployed.find((x) => x.key === routeKey(route));
      if (route.auth === 'public') {
        expect(d?.authorizationType, routeKey(route)).toBe('NONE');
        expect(d?.authorizerId).toBeUndefined();
      } else {
        expect(d?.authorizationType, routeKey(route)).toBe('COGNITO_USER_POOLS');
        expect(authorizers[d?.authorizerId ?? '']?.Properties?.Type).toBe('COGNITO_USER_POOLS');
        expect(d?.scopes).toEqual([USER_POOL.apiScope]);
      }
    }
  });

  it('sends each route to its own function, described by its route key', () => {
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    const ids = deployed.map((d) => d.functionId);
    expect(new Set(ids).size).toBe(ROUTES.length);
    for (const d of deployed) expect(functions[d.functionId]?.Properties?.Description).toBe(d.key);
  });

  it("gives each route function its route's memory and timeout, never Lambda's defaults", () => {
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    for (const route of ROUTES as readonly Route[]) {
      const d = deployed.find((x) => x.key === routeKey(route));
      expect(functions[d?.functionId ?? '']?.Properties, routeKey(route)).toMatchObject({
        MemorySize: route.limits.memoryMB,
        Timeout: route.limits.timeoutSeconds,
      });
      // Below API Gateway's 29 s: a longer function would only be cut by the gateway (504).
      expect(route.limits.timeoutSeconds).toBeLessThan(AWS_LIMITS.apiTimeoutSeconds);
    }
  });

  it('grants each route function only what its access declares', () => {
    for (const route of ROUTES as readonly Route[]) {
      const d = deployed.find((x) => x.key === routeKey(route));
      expectLeastPrivilege(template, route, d?.functionId ?? '');
    }
  });
});

describe('route access maps to IAM for every kind of access', () => {
  // Routes the table may grow into, using existing handler files: every access kind is exercised.
  const routes: Route[] = [
    {
      method: 'GET',
      path: '/api/stations',
      handler: 'functions/http/get-health.ts',
      auth: 'public',
      access: { snapshot: true },
      limits: { memoryMB: 512, timeoutSeconds: 10 },
    },
    {
      method: 'GET',
      path: '/api/fuels',
      handler: 'functions/http/get-health.ts',
      auth: 'public',
      access: {},
      limits: { memoryMB: 512, timeoutSeconds: 10 },
    },
    {
      method: 'PUT',
      path: '/api/me',
      handler: 'functions/http/get-me.ts',
      auth: 'user',
      access: { table: 'write' },
      limits: { memoryMB: 512, timeoutSeconds: 10 },
    },
    {
      method: 'POST',
      path: '/api/admin/ingest',
      handler: 'functions/http/get-admin-runs.ts',
      auth: 'admin',
      access: { ingest: true },
      limits: { memoryMB: 512, timeoutSeconds: 10 },
    },
    {
      method: 'POST',
      path: '/api/admin/users/{username}/reset-password',
      handler: 'functions/http/get-admin-runs.ts',
      auth: 'admin',
      access: { table: 'read', cognito: ['cognito-idp:AdminResetUserPassword'] },
      limits: { memoryMB: 512, timeoutSeconds: 10 },
    },
  ];
  let template: Template;
  let deployed: DeployedRoute[];

  beforeAll(() => {
    const stack = new Stack(new App({ outdir: SYNTH_OUTDIR }), 'RouteAccess');
    const storage = new Storage(stack, 'Storage', { production: false, archiveDays: 365, accessLogDays: 30 });
    const auth = new Auth(stack, 'Auth', {
      production: false,
      removalPolicy: storage.removalPolicy,
      mfa: 'off',
    });
    const ingestFunction = new LambdaFunction(stack, 'Ingest', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = async () => {};'),
    });
    new Api(stack, 'Api', {
      routes,
      resources: {
        table: storage.table,
        dataBucket: storage.dataBucket,
        userPool: auth.userPool,
        ingestFunction,
      },
      throttle: { rateLimit: 20, burstLimit: 40 },
      monitoring: new Monitoring(stack, 'Monitoring', {}),
      logRetention: RetentionDays.ONE_WEEK,
      removalPolicy: storage.removalPolicy,
    });
    template = Template.fromStack(stack);
    deployed = deployedRoutes(template);
  });

  it('grants exactly the declared access, per kind', () => {
    for (const route of routes) {
      const d = deployed.find((x) => x.key === routeKey(route));
      expect(d, routeKey(route)).toBeDefined();
      expectLeastPrivilege(template, route, d?.functionId ?? '');
    }
  });

  it('scopes Cognito actions to the user pool and invocation to the ingest function only', () => {
    const reset = deployed.find((d) => d.key.endsWith('/reset-password'));
    const cognito = grantedActions(template, reset?.functionId ?? '').statements.find(
      (s) => s.Action === 'cognito-idp:AdminResetUserPassword',
    );
    expect(refId(cognito?.Resource)).toMatch(/^AuthUserPool/);

    const trigger = deployed.find((d) => d.key === 'POST /api/admin/ingest');
    const invoke = grantedActions(template, trigger?.functionId ?? '').statements.find(
      (s) => s.Action === 'lambda:InvokeFunction',
    );
    expect(invoke?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Ingest/), 'Arn'] });
  });

  it('requires path parameters at the gateway', () => {
    const reset = deployed.find((d) => d.key.endsWith('/reset-password'));
    expect(reset?.requestParameters).toEqual({ 'method.request.path.username': true });
  });
});
