// Preloaded into cognito-local 5.3 so that the states an admin puts a user in act as in AWS (docs/ADMIN.md,
// "Local differences"). Its targets are looked up by name in one shared table at each request, so adding
// or wrapping an entry here changes what the server answers; everything else stays cognito-local's.
//
// - AdminResetUserPassword (missing there): the user becomes RESET_REQUIRED and gets a code like
//   ForgotPassword's. cognito-local's InitiateAuth already answers PasswordResetRequiredException in that
//   state, and its ConfirmForgotPassword already sets the new password and CONFIRMED.
// - A disabled user (AdminDisableUser) is refused sign-in and refresh with NotAuthorizedException "User is
//   disabled.", and their access tokens in Cognito's own calls (GetUser, ChangePassword…); disabling also
//   revokes their refresh tokens, as AWS does.
// - A wrong password is NotAuthorizedException as in AWS, not InvalidPasswordException (which AWS keeps for
//   a password that breaks the pool's policy, so a client would tell a driver their password is too weak).
const { Targets } = require('cognito-local/lib/targets/targets.js');
const errors = require('cognito-local/lib/errors.js');
const { attributeValue } = require('cognito-local/lib/services/userPoolService.js');
const { createRequire } = require('node:module');
// The copy cognito-local decodes tokens with.
const jwt = createRequire(require.resolve('cognito-local/lib/targets/getUser.js'))('jsonwebtoken');

const disabled = () => new errors.NotAuthorizedError('User is disabled.');

/** Replaces target `name` by `wrap(services, original handler)`. */
function wrapTarget(name, wrap) {
  const make = Targets[name];
  Targets[name] = (services) => wrap(services, make(services));
}

/**
 * Where AWS would send the code: a verified email. cognito-local's ConfirmSignUp does not set
 * email_verified (AWS does), so a confirmed user without the attribute counts as verified.
 */
function verifiedEmail(user) {
  const email = attributeValue('email', user.Attributes);
  const verified = attributeValue('email_verified', user.Attributes);
  const ok = verified === 'true' || (verified === undefined && user.UserStatus !== 'UNCONFIRMED');
  return email && ok ? email : null;
}

Targets.AdminResetUserPassword =
  ({ cognito, clock, messages, otp }) =>
  async (ctx, req) => {
    const pool = await cognito.getUserPool(ctx, req.UserPoolId);
    const user = await pool.getUserByUsername(ctx, req.Username);
    if (!user) throw new errors.UserNotFoundError();
    if (user.Enabled === false) throw disabled();
    const email = verifiedEmail(user);
    if (!email)
      throw new errors.InvalidParameterError(
        'Cannot reset password for the user as there is no registered/verified email or phone_number',
      );
    const code = otp();
    const delivery = { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: email };
    // No app client: the custom message trigger sees CLIENT_ID_NOT_APPLICABLE, as for any admin action.
    await messages.deliver(
      ctx,
      'ForgotPassword',
      undefined,
      pool.options.Id,
      user,
      code,
      req.ClientMetadata,
      delivery,
    );
    await pool.saveUser(ctx, {
      ...user,
      UserStatus: 'RESET_REQUIRED',
      ConfirmationCode: code,
      UserLastModifiedDate: clock.get(),
    });
    return {};
  };

wrapTarget('AdminDisableUser', ({ cognito }, disable) => async (ctx, req) => {
  const res = await disable(ctx, req);
  const pool = await cognito.getUserPool(ctx, req.UserPoolId);
  const user = await pool.getUserByUsername(ctx, req.Username);
  if (user) await pool.saveUser(ctx, { ...user, RefreshTokens: [] });
  return res;
});

wrapTarget('InitiateAuth', ({ cognito }, initiate) => async (ctx, req) => {
  const params = req.AuthParameters ?? {};
  const pool = await cognito.getUserPoolForClientId(ctx, req.ClientId);
  const user =
    req.AuthFlow === 'USER_PASSWORD_AUTH' && params.USERNAME
      ? await pool.getUserByUsername(ctx, params.USERNAME)
      : /^REFRESH_TOKEN(_AUTH)?$/.test(req.AuthFlow ?? '') && params.REFRESH_TOKEN
        ? await pool.getUserByRefreshToken(ctx, params.REFRESH_TOKEN)
        : null;
  if (user?.Enabled === false) throw disabled();
  try {
    return await initiate(ctx, req);
  } catch (error) {
    if (error instanceof errors.InvalidPasswordError)
      throw new errors.NotAuthorizedError('Incorrect username or password.');
    throw error;
  }
});

// The calls that act with an access token: AWS revoked a disabled user's tokens.
for (const name of [
  'AssociateSoftwareToken',
  'ChangePassword',
  'DeleteUser',
  'DeleteUserAttributes',
  'GetUser',
  'GetUserAttributeVerificationCode',
  'SetUserMFAPreference',
  'UpdateUserAttributes',
  'VerifySoftwareToken',
  'VerifyUserAttribute',
]) {
  wrapTarget(name, ({ cognito }, act) => async (ctx, req) => {
    const claims = typeof req.AccessToken === 'string' ? jwt.decode(req.AccessToken) : null;
    if (claims && typeof claims === 'object' && claims.client_id && claims.sub) {
      const pool = await cognito.getUserPoolForClientId(ctx, claims.client_id);
      const user = await pool.getUserByUsername(ctx, claims.sub);
      if (user?.Enabled === false) throw new errors.NotAuthorizedError('Access Token has been revoked');
    }
    return act(ctx, req);
  });
}
