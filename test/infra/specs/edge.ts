import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EDGE_REGION, THROTTLED_BODY } from '#infra/aws/edge.ts';
import { resourcesOf, type Synthesized, synth } from '../helpers/synth.ts';

describe('fair use per viewer: the CloudFront web ACL (-c waf=true)', () => {
  let synthesized: Synthesized;
  let edge: Template;
  beforeAll(() => {
    synthesized = synth({ context: { waf: 'true', wafRateLimit: '300', region: 'eu-west-3' } });
    edge = synthesized.edgeTemplate as Template;
  });

  it('lives in its own us-east-1 stack (CLOUDFRONT scope must), the main one in the deployment region', () => {
    expect(synthesized.edge?.region).toBe(EDGE_REGION);
    expect(synthesized.edge?.stackName).toBe('Plein-dev-Edge');
    expect(synthesized.stack.region).toBe('eu-west-3');
    edge.resourceCountIs('AWS::WAFv2::WebACL', 1);
    edge.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
  });

  it('limits each viewer address on /api/* and answers 429 with the JSON error shape', () => {
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Priority: 0,
          Statement: {
            RateBasedStatement: {
              Limit: 300,
              AggregateKeyType: 'IP',
              ScopeDownStatement: {
                ByteMatchStatement: Match.objectLike({
                  FieldToMatch: { UriPath: {} },
                  PositionalConstraint: 'STARTS_WITH',
                  SearchString: '/api/',
                }),
              },
            },
          },
          Action: { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'throttled' } } },
        }),
      ]),
      CustomResponseBodies: { throttled: { ContentType: 'APPLICATION_JSON', Content: THROTTLED_BODY } },
    });
    expect(JSON.parse(THROTTLED_BODY)).toEqual({
      error: { code: 'throttled', message: 'Too many requests' },
    });
    // Not FORWARDED_IP: a client could pick its own key with an X-Forwarded-For header.
    expect(JSON.stringify(edge.toJSON())).not.toContain('FORWARDED_IP');
  });

  it('is the distribution’s web ACL (a cross-region reference); the API stage has no regional one', () => {
    const [distribution] = Object.values(resourcesOf(synthesized.template, 'AWS::CloudFront::Distribution'));
    const aclId = JSON.stringify(
      (distribution?.Properties?.DistributionConfig as Record<string, unknown> | undefined)?.WebACLId,
    );
    expect(aclId).toContain('Plein-dev-Edge');
    expect(aclId).toContain(EDGE_REGION);
    synthesized.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    synthesized.template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
  });

  it('is not created without -c waf=true', () => {
    const { edge: none, template } = synth();
    expect(none).toBeUndefined();
    const [distribution] = Object.values(resourcesOf(template, 'AWS::CloudFront::Distribution'));
    expect(JSON.stringify(distribution?.Properties?.DistributionConfig)).not.toContain('WebACLId');
  });
});
