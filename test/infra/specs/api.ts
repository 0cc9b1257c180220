import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGE_NAME } from '#infra/aws/api.ts';
import { resourcesOf, synth } from '../helpers/synth.ts';

describe('the REST API', () => {
  let template: Template;
  beforeAll(() => {
    template = synth().template;
  });

  it('has no CORS without -c corsOrigin: same origin through CloudFront', () => {
    const functions = Object.values(resourcesOf(template, 'AWS::Lambda::Function'));
    for (const fn of functions) expect(JSON.stringify(fn.Properties?.Environment ?? {})).not.toMatch(/CORS/);
    const methods = Object.values(resourcesOf(template, 'AWS::ApiGateway::Method'));
    expect(methods.filter((m) => m.Properties?.HttpMethod === 'OPTIONS')).toEqual([]);
    const responses = Object.values(resourcesOf(template, 'AWS::ApiGateway::GatewayResponse'));
    for (const r of responses) expect(JSON.stringify(r.Properties)).not.toMatch(/Access-Control/);
  });

  it('is a regional REST API (CloudFront is in front of it)', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
  });

  it('throttles the stage (20 rps, burst 40 by default), logs errors, traces', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: STAGE_NAME,
      TracingEnabled: true,
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          ThrottlingRateLimit: 20,
          ThrottlingBurstLimit: 40,
        }),
      ],
    });
  });

  it('writes JSON access logs to its own log group', () => {
    const stage = Object.values(resourcesOf(template, 'AWS::ApiGateway::Stage'))[0];
    const setting = stage?.Properties?.AccessLogSetting as { DestinationArn: unknown; Format: string };
    expect(JSON.stringify(setting.DestinationArn)).toMatch(/"ApiAccessLogs/);
    const format = JSON.parse(setting.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      resource: '$context.resourcePath',
      sub: '$context.authorizer.claims.sub',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: {
        'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: Match.anyValue() }, `/${STAGE_NAME}`]],
      },
      RetentionInDays: 14,
    });
  });

  it('validates request parameters (and bodies that get a model)', () => {
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestParameters: true,
      ValidateRequestBody: true,
    });
    const validators = Object.keys(resourcesOf(template, 'AWS::ApiGateway::RequestValidator'));
    expect(validators).toHaveLength(1);
    for (const [id, method] of Object.entries(resourcesOf(template, 'AWS::ApiGateway::Method'))) {
      expect(method.Properties?.RequestValidatorId, id).toEqual({ Ref: validators[0] });
    }
  });

  it("answers its own errors in the API's JSON error shape, unknown routes as 404, without CORS headers", () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'DEFAULT_4XX',
      ResponseTemplates: {
        'application/json': '{"error":{"code":"client_error","message":$context.error.messageString}}',
      },
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'DEFAULT_5XX',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"code":"internal"') },
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'MISSING_AUTHENTICATION_TOKEN',
      StatusCode: '404',
    });
    for (const response of Object.values(resourcesOf(template, 'AWS::ApiGateway::GatewayResponse'))) {
      expect(JSON.stringify(response.Properties?.ResponseParameters)).not.toContain('Access-Control');
    }
    const methods = Object.values(resourcesOf(template, 'AWS::ApiGateway::Method'));
    expect(methods.some((m) => m.Properties?.HttpMethod === 'OPTIONS')).toBe(false);
  });

  it('has no regional WAF (it would see CloudFront, not the viewers) and no web ACL unless asked', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
  });

  it('answers its own throttling with 429 and the JSON error shape, and gzips answers of 1 KiB or more', () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'THROTTLED',
      StatusCode: '429',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('^\\{"error":\\{"code":"throttled"') },
    });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { MinimumCompressionSize: 1024 });
  });

  it('alarms on 5xx', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5XXError',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^MonitoringAlarmTopic') }],
    });
  });
});

describe('the REST API, configured by context', () => {
  let template: Template;
  beforeAll(() => {
    template = synth({
      context: {
        throttleRate: '5',
        throttleBurst: '10',
        corsOrigin: 'http://localhost:4321/',
      },
    }).template;
  });

  it('takes throttling from context', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 })],
    });
  });

  it('adds CORS to gateway errors and preflight only when corsOrigin is set', () => {
    for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX', 'UNAUTHORIZED']) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        ResponseParameters: Match.objectLike({
          'gatewayresponse.header.Access-Control-Allow-Origin': "'http://localhost:4321'",
        }),
      });
    }
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      AuthorizationType: 'NONE',
    });
    // Every route function gets it: the middleware adds the same header to the functions' own answers.
    const functions = Object.values(resourcesOf(template, 'AWS::Lambda::Function')).filter((f) =>
      String(f.Properties?.Description ?? '').match(/^(GET|PUT|POST|DELETE) \/api\//),
    );
    expect(functions.length).toBeGreaterThan(20);
    for (const fn of functions) {
      const env = fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined;
      expect(env?.Variables?.CORS_ORIGIN, String(fn.Properties?.Description)).toBe('http://localhost:4321');
    }
  });
});
