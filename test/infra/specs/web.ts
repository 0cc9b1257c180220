import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGE_NAME } from '#infra/aws/api.ts';
import { PRETTY_URLS_FUNCTION } from '#infra/aws/web.ts';
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
          FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: Match.anyValue() }],
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
  });

  it('routes /api/* to the API stage: every method, no caching, all viewer headers but Host', () => {
    const config = distributionConfig(template);
    const api = config.CacheBehaviors.find((b) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      ViewerProtocolPolicy: 'https-only',
    });
    expect(api?.FunctionAssociations).toBeUndefined();
    const origin = config.Origins.find((o) => o.Id === api?.TargetOriginId);
    expect(JSON.stringify(origin?.DomainName)).toContain('.execute-api.');
    expect(JSON.stringify(origin?.OriginPath)).toContain('ApiRestApiDeploymentStage');
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: STAGE_NAME });
  });

  it("shows /404.html with a 404 for missing site files (S3's 403), leaving API 404s alone", () => {
    expect(distributionConfig(template).CustomErrorResponses).toEqual([
      { ErrorCode: 403, ResponseCode: 404, ResponsePagePath: '/404.html', ErrorCachingMinTTL: 0 },
    ]);
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

describe('the pretty-URL CloudFront Function', () => {
  const handler = new Function(`${PRETTY_URLS_FUNCTION}; return handler;`)() as (event: {
    request: { uri: string };
  }) => { uri: string };
  const rewrite = (uri: string) => handler({ request: { uri } }).uri;

  it('maps directory-style URLs to index.html and leaves files alone', () => {
    expect(rewrite('/')).toBe('/index.html');
    expect(rewrite('/station')).toBe('/station/index.html');
    expect(rewrite('/station/')).toBe('/station/index.html');
    expect(rewrite('/v1.2/notes')).toBe('/v1.2/notes/index.html');
    expect(rewrite('/config.json')).toBe('/config.json');
    expect(rewrite('/_astro/app.abc123.js')).toBe('/_astro/app.abc123.js');
    expect(rewrite('/404.html')).toBe('/404.html');
  });
});
