import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { lambdaContext } from '#infra/local/lambda-context.ts';

/** A REST API proxy event as API Gateway sends it, for calling handlers in-process. */
export function apiEvent(
  overrides: Partial<APIGatewayProxyEvent> & { claims?: Record<string, string> } = {},
): APIGatewayProxyEvent {
  const { claims, ...rest } = overrides;
  return {
    resource: '/',
    path: '/',
    httpMethod: 'GET',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      authorizer: claims ? { claims } : null,
      requestId: 'test-request',
      stage: 'test',
    } as APIGatewayProxyEvent['requestContext'],
    ...rest,
  };
}

/** Claims of a Cognito access token as API Gateway hands them to the function (strings). */
export function userClaims(sub = 'user-1', groups: string[] = []): Record<string, string> {
  return {
    sub,
    username: sub,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    ...(groups.length ? { 'cognito:groups': groups.join(',') } : {}),
  };
}

/** A Lambda context: middy arms its timeout from getRemainingTimeInMillis. */
export function testContext(remainingMs = 10_000): Context {
  return lambdaContext('test', remainingMs);
}
