import {
  Annotations,
  type CfnElement,
  DefaultStackSynthesizer,
  Duration,
  RemovalPolicy,
  Stack,
} from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CachePolicy,
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
import { contentSecurityPolicy } from '#shared/web-headers.ts';
import { acknowledge, nagRef, wildcardAction, wildcardResource } from './nag.ts';
import type { Storage } from './storage.ts';

/**
 * CloudFront Function (viewer request, site behavior only): pretty URLs the way Astro builds them and the local
 * static server serves them: `/station/` and `/station` → `/station/index.html`. Paths with a file extension
 * are untouched. It never runs for /api/*.
 */
export const PRETTY_URLS_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.lastIndexOf('.') < uri.lastIndexOf('/')) {
    request.uri = uri + '/index.html';
  }
  return request;
}`;

/** What the site reads from /config.json at start-up, so one build runs in any account and region. */
export interface RuntimeConfig {
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
  /** The built site (web/dist); without it only config.json is deployed and nothing is pruned. */
  readonly siteDir?: string;
  readonly runtimeConfig: RuntimeConfig;
  readonly logRetention: RetentionDays;
}

/**
 * The site and the API on one origin: a private S3 bucket behind CloudFront (origin access control) for the
 * static site, and `/api/*` forwarded uncached to API Gateway. Security headers (HSTS, CSP from
 * shared/web-headers.ts, nosniff, frame DENY, referrer policy) on every response.
 */
export class Web extends Construct {
  readonly siteBucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
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

    const prettyUrls = new CloudFrontFunction(this, 'PrettyUrls', {
      code: FunctionCode.fromInline(PRETTY_URLS_FUNCTION),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Plein: /path/ and /path -> /path/index.html',
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Plein site and API',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        compress: true,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: prettyUrls }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new RestApiOrigin(props.api),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          compress: true,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.responseHeadersPolicy,
        },
      },
      // S3 answers 403 for a missing key (the origin access control may not list the bucket): show 404.html.
      // Custom error responses apply to every behavior, so only 403 is mapped: the API's own 404s stay JSON.
      errorResponses: [
        { httpStatus: 403, responseHttpStatus: 404, responsePagePath: '/404.html', ttl: Duration.seconds(0) },
      ],
      enableLogging: true,
      logBucket: storage.accessLogsBucket,
      logFilePrefix: 'cloudfront/',
    });
    this.siteUrl = `https://${this.distribution.distributionDomainName}`;

    this.deploySite(props);

    acknowledge(
      this.distribution,
      'A nationwide French service for any traveller: no country is excluded on purpose.',
      'AwsSolutions-CFR1',
    );
    acknowledge(
      this.distribution,
      'A CloudFront web ACL must live in us-east-1 and costs ~$8/month; the site is static and cached, and the API ' +
        'stage has its own optional regional WAF (-c waf=true) plus throttling.',
      'AwsSolutions-CFR2',
    );
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

    const assetBucket = `arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>`;
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
