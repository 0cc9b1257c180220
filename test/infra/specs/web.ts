import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type Route } from '#functions/http/routes.ts';
import { STAGE_NAME } from '#infra/aws/api.ts';
import { API_QUERY_FUNCTION, siteFunctionCode, siteRoutes } from '#infra/aws/site-routing.ts';
import { INGEST_SCHEDULE } from '#shared/platform.ts';
import { MAP_TILE_ORIGIN } from '#shared/web-headers.ts';
import { fakeSite, prop, refId, resourcesOf, type Synthesized, synth } from '../helpers/synth.ts';

function distributionConfig(template: Template) {
  const [distribution] = Object.values(resourcesOf(template, 'AWS::CloudFront::Distribution'));
  return distribution?.Properties?.DistributionConfig as Record<string, unknown> & {
    Origins: { Id: string; DomainName: unknown; OriginPath?: unknown; OriginAccessControlId?: unknown }[];
    CacheBehaviors: Record<string, unknown>[];
  };
}

describe('the site behind CloudFront', () => {
  let synthesized: Synthesized;
  let template: Template;
  beforeAll(() => {
    synthesized = synth();
    template = synthesized.template;
  });

  it('serves a private bucket through origin access control, HTTPS only, HTTP/2 and 3, compressed', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        HttpVersion: 'http2and3',
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          Compress: true,
          CachePolicyId: CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
          FunctionAssociations: [
            {
              EventType: 'viewer-request',
              FunctionARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebPrettyUrls'), 'FunctionARN'] },
            },
            {
              EventType: 'viewer-response',
              FunctionARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebNotFoundStatus'), 'FunctionARN'] },
            },
          ],
        }),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
    const config = distributionConfig(template);
    const s3Origin = config.Origins.find((o) => o.OriginAccessControlId);
    expect(JSON.stringify(s3Origin?.DomainName)).toMatch(/WebSiteBucket/);
    const sitePolicy = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy')).find((p) =>
      refId(p.Properties?.Bucket)?.startsWith('WebSiteBucket'),
    );
    const statements = JSON.stringify(sitePolicy?.Properties?.PolicyDocument);
    expect(statements).toContain('"Service":"cloudfront.amazonaws.com"');
    expect(statements).toContain('"AWS:SourceArn"');
    // List access: a missing key is S3's 404, not 403 (only /_astro/ misses reach S3: the functions below).
    expect(statements).toContain('"s3:ListBucket"');
  });

  it('routes /api/* to the API stage: every method, no caching, all viewer headers but Host, last', () => {
    const config = distributionConfig(template);
    const api = config.CacheBehaviors.find((b) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      ViewerProtocolPolicy: 'https-only',
    });
    expect(api?.FunctionAssociations).toBeUndefined();
    expect(config.CacheBehaviors.at(-1)).toBe(api);
    const origin = config.Origins.find((o) => o.Id === api?.TargetOriginId);
    expect(JSON.stringify(origin?.DomainName)).toContain('.execute-api.');
    expect(JSON.stringify(origin?.OriginPath)).toContain('ApiRestApiDeploymentStage');
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: STAGE_NAME });
  });

  it('has no custom error responses: they are distribution-wide and would replace API answers', () => {
    expect(distributionConfig(template).CustomErrorResponses).toBeUndefined();
  });

  it('caches public GET answers as their Cache-Control says, keyed by path and query only, compressed', () => {
    const config = distributionConfig(template);
    const [policyId, policy] = Object.entries(resourcesOf(template, 'AWS::CloudFront::CachePolicy'))[0] ?? [];
    expect(policy?.Properties?.CachePolicyConfig).toMatchObject({
      MinTTL: 0,
      DefaultTTL: 0,
      MaxTTL: INGEST_SCHEDULE.everyMinutes * 60,
      ParametersInCacheKeyAndForwardedToOrigin: {
        QueryStringsConfig: { QueryStringBehavior: 'all' },
        HeadersConfig: { HeaderBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
      },
    });

    // CloudFront's choice for a path: the first behavior whose pattern matches (`*` is any run of characters).
    const glob = (pattern: string) =>
      new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    const behaviorFor = (path: string) =>
      config.CacheBehaviors.find((b) => glob(String(b.PathPattern)).test(path));
    const samplePath = (r: Route) => r.path.replace(/\{[^}]+\}/g, 'x1');
    const publicOnly = (r: Route) =>
      (ROUTES as readonly Route[])
        .filter((o) => o.path === r.path)
        .every((o) => o.auth === 'public' && o.method === 'GET');
    for (const route of ROUTES as readonly Route[]) {
      const behavior = behaviorFor(samplePath(route));
      if (publicOnly(route)) {
        expect(refId(behavior?.CachePolicyId), route.path).toBe(policyId);
        expect(behavior, route.path).toMatchObject({
          Compress: true,
          AllowedMethods: expect.arrayContaining(['GET', 'POST', 'DELETE']),
          FunctionAssociations: [
            {
              EventType: 'viewer-request',
              FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/^WebApiQueryOrder/), 'FunctionARN'] },
            },
          ],
        });
        expect(behavior?.OriginRequestPolicyId, route.path).toBeUndefined();
      } else {
        // Private routes (and public paths that also take a POST) are never cached, and get the token: `/api/*`,
        // or their own behavior ahead of a cached pattern that would catch them (`/api/stations/*/reports`).
        expect(behavior, `${route.method} ${route.path}`).toMatchObject({
          CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
          OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
          AllowedMethods: expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE']),
        });
        expect(behavior?.FunctionAssociations, route.path).toBeUndefined();
      }
    }
  });

  it('sends HSTS, a CSP for exactly what the site needs, nosniff, frame DENY, strict referrer', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 63072000,
            IncludeSubdomains: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        }),
      }),
    });
    const [policy] = Object.values(resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy'));
    const csp = JSON.stringify(
      prop(
        policy,
        'Properties',
        'ResponseHeadersPolicyConfig',
        'SecurityHeadersConfig',
        'ContentSecurityPolicy',
        'ContentSecurityPolicy',
      ),
    );
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain(`img-src 'self' data: ${MAP_TILE_ORIGIN}`);
    expect(csp).toContain(`connect-src 'self' https://cognito-idp.",{"Ref":"AWS::Region"},".amazonaws.com`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    // Both behaviors send the headers.
    const config = distributionConfig(template);
    const policyId = refId((config.DefaultCacheBehavior as Record<string, unknown>).ResponseHeadersPolicyId);
    expect(config.CacheBehaviors.every((b) => refId(b.ResponseHeadersPolicyId) === policyId)).toBe(true);
  });

  it('deploys only config.json (region, pool, client, Cognito endpoint) and warns when the site is not built', () => {
    template.resourceCountIs('Custom::CDKBucketDeployment', 1);
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      Prune: false,
      DistributionPaths: ['/*'],
      SourceMarkers: [
        Match.objectEquals({
          '<<marker:0xbaba:0>>': { Ref: 'AWS::Region' },
          '<<marker:0xbaba:1>>': { Ref: Match.stringLikeRegexp('^AuthUserPool') },
          '<<marker:0xbaba:2>>': { Ref: Match.stringLikeRegexp('^AuthUserPoolWebClient') },
          '<<marker:0xbaba:3>>': { Ref: 'AWS::Region' },
        }),
      ],
    });
    Annotations.fromStack(synthesized.stack).hasWarning(
      '/Plein-dev/Web',
      Match.stringLikeRegexp('npm run build'),
    );
  });
});

describe('the site, once built', () => {
  let template: Template;
  beforeAll(() => {
    template = synth({ siteDir: fakeSite() }).template;
  });

  it('deploys hashed assets immutable and never pruned, then pages + config.json no-cache, pruned, invalidated', () => {
    const deployments = Object.entries(resourcesOf(template, 'Custom::CDKBucketDeployment'));
    expect(deployments.length).toBe(2);
    const [assetsId, assets] = deployments.find(([id]) => id.startsWith('WebDeployAssets')) ?? [];
    const [, pages] = deployments.find(([id]) => id.startsWith('WebDeployPages')) ?? [];
    expect(assets?.Properties).toMatchObject({
      Include: ['_astro/*'],
      Exclude: ['*'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(assets?.Properties?.DistributionId).toBeUndefined();
    expect(pages?.Properties).toMatchObject({
      Exclude: ['_astro/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionPaths: ['/*'],
    });
    expect(prop(pages, 'Properties', 'SourceObjectKeys')).toHaveLength(2);
    expect(JSON.stringify(pages?.DependsOn)).toContain(assetsId);
  });
});

describe('the site CloudFront Functions: pretty URLs, the 404 page with status 404', () => {
  const routes = {
    pages: ['/', '/admin/', '/station/'],
    files: ['/404.html', '/config.json', '/favicon.svg'],
  };
  const load = (event: 'request' | 'response') =>
    new Function(`${siteFunctionCode(routes, event)}; return handler;`)() as (e: unknown) => {
      uri?: string;
      statusCode?: number;
    };
  const request = load('request');
  const response = load('response');
  const rewrite = (uri: string) => request({ request: { uri } }).uri;
  const status = (uri: string) => response({ request: { uri }, response: { statusCode: 200 } }).statusCode;

  it('maps directory-style URLs to index.html, leaves files alone, sends anything else to /404.html', () => {
    expect(rewrite('/index.html')).toBe('/index.html');
    expect(rewrite('/station')).toBe('/station/index.html');
    expect(rewrite('/station/')).toBe('/station/index.html');
    expect(rewrite('/admin/')).toBe('/admin/index.html');
    expect(rewrite('/config.json')).toBe('/config.json');
    expect(rewrite('/_astro/app.abc123.js')).toBe('/_astro/app.abc123.js');
    expect(rewrite('/404.html')).toBe('/404.html');
    for (const unknown of [
      '/nope',
      '/nope/',
      '/v1.2/notes',
      '/station/x',
      '/nope.png',
      '/nope/index.html',
      '/__proto__',
    ]) {
      expect(rewrite(unknown), unknown).toBe('/404.html');
    }
  });

  it('answers the 404 page with 404, whether it sees the URI before or after the rewrite', () => {
    for (const uri of ['/nope', '/404.html', '/v1.2/notes']) expect(status(uri), uri).toBe(404);
    for (const uri of ['/', '/index.html', '/station', '/station/index.html', '/favicon.svg']) {
      expect(status(uri), uri).toBe(200);
    }
  });

  it('knows every page of web/src/pages and file of web/public', () => {
    const { pages, files } = siteRoutes();
    expect(pages).toEqual(
      expect.arrayContaining(['/', '/admin/', '/station/', '/connexion/', '/tendances/']),
    );
    expect(pages).not.toContain('/404/');
    expect(files).toEqual(
      expect.arrayContaining(['/404.html', '/config.json', '/favicon.svg', '/robots.txt']),
    );
  });
});

describe('the public API CloudFront Function: a canonical query string', () => {
  const handler = new Function(`${API_QUERY_FUNCTION}; return handler;`)() as (event: unknown) => {
    querystring: unknown;
  };
  const normalise = (raw: string | undefined) =>
    handler({ request: { uri: '/api/stations', querystring: {}, rawQueryString: () => raw } }).querystring;

  it('orders parameters by name, keeps repeated ones in their order and every byte of each pair', () => {
    expect(normalise('lon=2.35&lat=48.85&fuel=E10')).toBe('fuel=E10&lat=48.85&lon=2.35');
    expect(normalise('q=Saint%20%C3%89tienne%26co&limit=5')).toBe('limit=5&q=Saint%20%C3%89tienne%26co');
    expect(normalise('b=2&a=1&b=1&&')).toBe('a=1&b=2&b=1');
    expect(normalise('constructor=1')).toBe('constructor=1');
    expect(normalise(undefined)).toEqual({});
  });
});
