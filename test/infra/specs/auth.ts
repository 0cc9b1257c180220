import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from 'vitest';
import { ADMIN_GROUP, USER_POOL } from '#shared/platform.ts';
import { synth } from '../helpers/synth.ts';

describe('the user pool', () => {
  let dev: Template;
  let prod: Template;
  beforeAll(() => {
    dev = synth().template;
    prod = synth({
      context: {
        stage: 'prod',
        mfa: 'optional',
        sesFromEmail: 'no-reply@plein.example',
        sesRegion: 'eu-west-1',
      },
    }).template;
  });

  it('signs in with email, self sign-up, verifies email, recovers by email only', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      UserPoolTier: 'LITE',
      MfaConfiguration: 'OFF',
      EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' },
    });
  });

  it('requires 12+ character passwords with upper, lower and digit', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: USER_POOL.password.minLength,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: false,
        }),
      },
    });
  });

  it('has no advanced security add-on (costs money)', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolAddOns: Match.absent() });
  });

  it('has a public SPA client: no secret, SRP + password auth, hides user existence, revocable 60 min tokens', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayEquals([
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ]),
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 43200,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      AllowedOAuthFlowsUserPoolClient: false,
    });
  });

  it('has the admin group', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: ADMIN_GROUP });
  });

  it('prod: deletion protection, RETAIN; optional TOTP; SES as the sender when configured', () => {
    prod.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtection: 'ACTIVE',
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        EmailConfiguration: Match.objectLike({
          EmailSendingAccount: 'DEVELOPER',
          From: 'Plein <no-reply@plein.example>',
          SourceArn: Match.objectLike({
            'Fn::Join': ['', Match.arrayWith([':ses:eu-west-1:', ':identity/no-reply@plein.example'])],
          }),
        }),
      }),
    });
    dev.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete' });
  });
});
