import {
  Annotations,
  type CfnElement,
  DefaultStackSynthesizer,
  Duration,
  RemovalPolicy,
  Stack,
  Token,
} from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AccessLevel,
  AllowedMethods,
  type BehaviorOptions,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { Route } from '#functions/http/routes.ts';
import { contentSecurityPolicy } from '#shared/web-headers.ts';
import { acknowledge, nagRef, wildcardAction, wildcardResource } from './nag.ts';
import {
  API_QUERY_FUNCTION,
  cachedApiPatterns,
  shadowedApiPatterns,
  siteFunctionCode,
  siteRoutes,
} from './site-routing.ts';
import type { Storage } from './storage.ts';

/** What the site reads from /config.json at start-up, so one build runs in any account and region. */
interface RuntimeConfig {
  readonly apiBase: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly cognitoEndpoint: string;
  /** Whether this deployment sends price alerts (deployed with `-c sesFromEmail`): the site says so when not. */
  readonly alerts: boolean;
}

export interface WebProps {
  readonly storage: Storage;
  readonly api: RestApi;
  /** The route table: public GET routes get an edge cache behavior. */
  readonly routes: readonly Route[];
  /** Edge caching of public API answers never outlives one ingest interval. */
  readonly ingestMinutes: number;
  /** A CLOUDFRONT-scope WAF web ACL (edge stack in us-east-1), when `-c waf=true`. */
  readonly webAclArn?: string;
  /** The built site (web/dist); without it only config.json is deployed and nothing is pruned. */
  readonly siteDir?: string;
  readonly runtimeConfig: RuntimeConfig;
  readonly logRetention: RetentionDays;
}

/**
 * The site and the API on one origin: a private S3 bucket behind CloudFront (origin access control) for the
 * static site, and `/api/*` forwarded to API Gateway: public GET routes cached at the edge as their
 * Cache-Control says (ETags kept, compressed), everything else uncached with all viewer headers. No custom
 * error responses: the API's answers reach clients as sent. Security headers (HSTS, CSP from
 * shared/web-headers.ts, nosniff, frame DENY, referrer policy) on every response.
 */
export class Web extends Construct {
  readonly siteBucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  readonly publicApiCachePolicy: CachePolicy;
  readonly siteUrl: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const { storage } = props;

    // The site is a build artifact, redeployed from web/dist: never worth retaining, even in prod.
    this.siteBucket = new Bucket(this, 'SiteBucket', {
      ...storage.privateBucket('site'),
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Plein: HSTS, CSP, nosniff, frame DENY, referrer policy',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(props.runtimeConfig.cognitoEndpoint),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });

    const routes = siteRoutes();
    const siteFunction = (event: 'request' | 'response') =>
      new CloudFrontFunction(this, event === 'request' ? 'PrettyUrls' : 'NotFoundStatus', {
        code: FunctionCode.fromInline(siteFunctionCode(routes, event)),
        runtime: FunctionRuntime.JS_2_0,
        comment:
          event === 'request'
            ? 'Plein: /path/ and /path -> /path/index.html; unknown URLs -> /404.html'
            : 'Plein: /404.html answers with status 404',
      });
    const apiQuery = new CloudFrontFunction(this, 'ApiQueryOrder', {
      code: FunctionCode.fromInline(API_QUERY_FUNCTION),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Plein: public API query parameters in a canonical order (cache key)',
    });

    // Public answers: the handlers' Cache-Control decides (functions/http/lib/cache.ts; no header or no-store
    // means not cached), never longer than one ingest interval. The key is the path plus every query
    // parameter; no header, cookie or Authorization (public routes ignore them), so nothing else is forwarded.
    this.publicApiCachePolicy = new CachePolicy(this, 'PublicApiCache', {
      comment: 'Plein public API: origin Cache-Control, all query strings, no headers or cookies',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.minutes(props.ingestMinutes),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const apiOrigin = new RestApiOrigin(props.api);
    const apiBehavior = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      // Every method, so a wrong one still gets the API's own JSON answer and not a CloudFront error.
      allowedMethods: AllowedMethods.ALLOW_ALL,
      compress: true,
      responseHeadersPolicy: this.responseHeadersPolicy,
    } satisfies Partial<BehaviorOptions>;
    const publicApi: BehaviorOptions = {
      ...apiBehavior,
      cachePolicy: this.publicApiCachePolicy,
      functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: apiQuery }],
    };
    // Private routes (and anything else under /api): never cached, every viewer header but Host (the token).
    // API Gateway compresses these itself (api.ts, minCompressionSize): CloudFront does not when caching is off.
    const privateApi: BehaviorOptions = {
      ...apiBehavior,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    // First the private paths a cached pattern would catch, then the cached ones, then `/api/*`, last.
    const additionalBehaviors: Record<string, BehaviorOptions> = Object.fromEntries([
      ...shadowedApiPatterns(props.routes).map((pattern) => [pattern, privateApi] as const),
      ...cachedApiPatterns(props.routes).map((pattern) => [pattern, publicApi] as const),
      ['/api/*', privateApi],
    ]);

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Plein site and API',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultRootObject: 'index.html',
      webAclId: props.webAclArn,
      defaultBehavior: {
        // LIST lets S3 answer a missing key with 404 instead of 403 (only /_astro/ misses reach it).
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket, {
          originAccessLevels: [AccessLevel.READ, AccessLevel.LIST],
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        compress: true,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        functionAssociations: [
          { eventType: FunctionEventType.VIEWER_REQUEST, function: siteFunction('request') },
          { eventType: FunctionEventType.VIEWER_RESPONSE, function: siteFunction('response') },
        ],
      },
      additionalBehaviors,
      enableLogging: true,
      logBucket: storage.accessLogsBucket,
      logFilePrefix: 'cloudfront/',
    });
    this.siteUrl = `https://${this.distribution.distributionDomainName}`;
    Annotations.of(this.distribution).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk',
      'defaultRootObject is set and the site functions rewrite every URL to an object key, so / never lists the bucket.',
    );

    this.deploySite(props);

    acknowledge(
      this.distribution,
      'A nationwide French service for any traveller: no country is excluded on purpose.',
      'AwsSolutions-CFR1',
    );
    if (!props.webAclArn) {
      acknowledge(
        this.distribution,
        'The CloudFront web ACL (per-viewer rate limit, AWS managed rules) is opt-in with -c waf=true: it lives in a ' +
          'us-east-1 stack and costs ~$8/month; without it the API stage throttling applies (docs/DEPLOY.md).',
        'AwsSolutions-CFR2',
      );
    }
    acknowledge(
      this.distribution,
      'Uses the default *.cloudfront.net certificate, where CloudFront fixes the TLS policy; a custom domain with an ' +
        'ACM certificate would allow TLSv1.2_2021 (see docs/DEPLOY.md).',
      'AwsSolutions-CFR4',
    );
  }

  /**
   * Two deployments so caching can differ: hashed assets (_astro/*) immutable for a year and never pruned (old
   * pages may still ask for them), everything else plus config.json `no-cache`, pruned, then a CloudFront
   * invalidation.
   */
  private deploySite(props: WebProps): void {
    const logGroup = new LogGroup(this, 'DeploymentLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Plein site deployment (CDK BucketDeployment)',
    });
    logGroup.grantWrite(role);
    const common = {
      destinationBucket: this.siteBucket,
      logGroup,
      role,
      outputObjectKeys: false,
      memoryLimit: 512,
    };

    const site = props.siteDir ? Source.asset(props.siteDir) : undefined;
    if (!site) {
      Annotations.of(this).addWarningV2(
        'plein:web:noSite',
        'web/dist not found: only config.json is deployed and the current site is kept. Run `npm run build` first.',
      );
    }
    const assets = site
      ? new BucketDeployment(this, 'DeployAssets', {
          ...common,
          sources: [site],
          exclude: ['*'],
          include: ['_astro/*'],
          prune: false,
          cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
        })
      : undefined;
    const pages = new BucketDeployment(this, 'DeployPages', {
      ...common,
      sources: [...(site ? [site] : []), Source.jsonData('config.json', props.runtimeConfig)],
      exclude: ['_astro/*'],
      prune: Boolean(site),
      cacheControl: [CacheControl.fromString('no-cache')],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    if (assets) pages.node.addDependency(assets);

    // How cdk-nag spells them: literals once the stack's region is known (-c region / waf), else pseudo refs.
    const { region, partition } = Stack.of(this);
    const known = (value: string, ref: string) => (Token.isUnresolved(value) ? ref : value);
    const assetBucket = `arn:${known(partition, '<AWS::Partition>')}:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-${known(region, '<AWS::Region>')}`;
    acknowledge(
      role,
      'Grants written by CDK BucketDeployment: read its zipped source from the CDK bootstrap asset bucket, sync ' +
        '(list/put/delete) the site bucket, invalidate the distribution. The role is used only at deploy time.',
      wildcardAction('s3:GetBucket*'),
      wildcardAction('s3:GetObject*'),
      wildcardAction('s3:List*'),
      wildcardAction('s3:Abort*'),
      wildcardAction('s3:DeleteObject*'),
      wildcardResource(`${assetBucket}/*`),
      wildcardResource(`${nagRef(this.siteBucket.node.defaultChild as CfnElement)}/*`),
    );
    acknowledge(
      role,
      'CDK BucketDeployment grants cloudfront:CreateInvalidation/GetInvalidation on "*" (it does not scope them to ' +
        'the distribution); invalidating a cache is the only thing these actions can do.',
      wildcardResource('*'),
    );
    const handler = Stack.of(this).node.children.find((c) =>
      c.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (handler) {
      acknowledge(
        handler,
        'The CDK BucketDeployment handler (Python + AWS CLI layer) ships with aws-cdk-lib, which picks its runtime; ' +
          'it runs only during deployments.',
        'AwsSolutions-L1',
      );
    }
  }
}
