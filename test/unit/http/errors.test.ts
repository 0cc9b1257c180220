import createError from 'http-errors';
import { describe, expect, test } from 'vitest';
import { cognitoError, toErrorResponse } from '#functions/http/lib/errors.ts';
import { FavouriteLimitError, MAX_FAVOURITES } from '#shared/db/favourites.ts';
import { PushSubscriptionLimitError } from '#shared/db/push-subscriptions.ts';

describe('toErrorResponse: each error becomes its status in one place', () => {
  test("shared's typed errors map to their API error (handlers do not catch them)", () => {
    expect(toErrorResponse(new FavouriteLimitError())).toEqual({
      status: 400,
      body: { error: { code: 'limit', message: `At most ${MAX_FAVOURITES} favourites`, field: 'stationId' } },
    });
    expect(toErrorResponse(new PushSubscriptionLimitError())).toMatchObject({
      status: 400,
      body: { error: { code: 'limit', field: 'endpoint' } },
    });
  });

  test('an error merely named like an Object.prototype member stays a 500', () => {
    const odd = Object.assign(new Error('boom'), { name: 'toString' });
    expect(toErrorResponse(odd)).toMatchObject({ status: 500, body: { error: { code: 'internal' } } });
  });

  test("Cognito's client errors name the route's field; others pass through", () => {
    const notFound = Object.assign(new Error('x'), { name: 'UserNotFoundException' });
    expect(toErrorResponse(cognitoError(notFound, 'username'))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'No such user', field: 'username' } },
    });
    const other = new Error('socket');
    expect(cognitoError(other, 'username')).toBe(other);
    expect(toErrorResponse(createError(409, 'taken', { code: 'conflict' })).status).toBe(409);
  });
});
