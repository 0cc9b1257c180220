import { Names, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** The region every CLOUDFRONT-scope WAF resource must be created in. */
export const EDGE_REGION = 'us-east-1';

/** What a throttled viewer gets: 429 and the API's JSON error shape (DESIGN.md), as API Gateway's THROTTLED. */
export const THROTTLED_BODY = '{"error":{"code":"throttled","message":"Too many requests"}}';

export interface EdgeStackProps extends StackProps {
  /** Requests per viewer address per 5 minutes to /api/*, before 429. */
  readonly rateLimit: number;
}

/**
 * `Plein-<stage>-Edge`, in us-east-1: the distribution's WAF web ACL (CLOUDFRONT scope must live there). The
 * main stack reads its ARN through a cross-region reference (CDK writes it to SSM and reads it back).
 * The rate rule counts per viewer address as CloudFront sees the connection, so a client cannot change its
 * key with an X-Forwarded-For header; the site's static files are cached and not counted.
 */
export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { ...props, env: { ...props.env, region: EDGE_REGION }, crossRegionReferences: true });
    const visibility = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName: `${Names.uniqueId(this)}${name}`.slice(0, 128),
      sampledRequestsEnabled: true,
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('WebAcl'),
      customResponseBodies: { throttled: { contentType: 'APPLICATION_JSON', content: THROTTLED_BODY } },
      rules: [
        {
          name: 'RateLimitPerViewer',
          priority: 0,
          statement: {
            rateBasedStatement: {
              limit: props.rateLimit,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: '/api/',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'throttled' } } },
          visibilityConfig: visibility('RateLimit'),
        },
        {
          name: 'AwsCommonRules',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // Bodies are capped at 16 KB by the API middleware (413), not at the rule set's 8 KB.
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility('CommonRules'),
        },
        {
          name: 'AwsKnownBadInputs',
          priority: 2,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' },
          },
          visibilityConfig: visibility('KnownBadInputs'),
        },
      ],
    });
  }
}
