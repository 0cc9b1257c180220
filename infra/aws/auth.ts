import { Aws, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
  UserPoolEmail,
  type UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ADMIN_GROUP, USER_POOL } from '#shared/platform.ts';
import { acknowledge } from './nag.ts';
import { type SesIdentityKind, sesIdentityName } from './ses-identity.ts';

export interface AuthProps {
  readonly production: boolean;
  readonly removalPolicy: RemovalPolicy;
  /** TOTP as an optional second factor. */
  readonly mfa: 'off' | 'optional';
  /** Send Cognito mail through SES from this verified address (otherwise Cognito's own, ~50 mails/day). */
  readonly sesFromEmail?: string;
  /** Region of the SES identity; defaults to the stack's region. */
  readonly sesRegion?: string;
  /** What is verified in SES: the address or its domain (infra/aws/ses-identity.ts; alerts use the same). */
  readonly sesIdentity?: SesIdentityKind;
}

/**
 * The user pool, its public SPA client and the admin group, all from USER_POOL (shared with the local
 * Cognito). Email is the sign-in name; the API authorizer accepts the client's access tokens.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly adminGroup: UserPoolGroup;
  /** `https://cognito-idp.<region>.amazonaws.com`: what the browser talks to (CSP connect-src). */
  readonly cognitoEndpoint: string;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    const p = USER_POOL.password;

    this.userPool = new UserPool(this, 'UserPool', {
      featurePlan: FeaturePlan.LITE,
      selfSignUpEnabled: true,
      signInAliases: { email: USER_POOL.signInWithEmail, username: false },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: p.minLength,
        requireLowercase: p.requireLowercase,
        requireUppercase: p.requireUppercase,
        requireDigits: p.requireDigits,
        requireSymbols: p.requireSymbols,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      mfa: props.mfa === 'optional' ? Mfa.OPTIONAL : Mfa.OFF,
      mfaSecondFactor: props.mfa === 'optional' ? { otp: true, sms: false } : undefined,
      email: props.sesFromEmail
        ? UserPoolEmail.withSES({
            fromEmail: props.sesFromEmail,
            fromName: 'Plein',
            sesRegion: props.sesRegion ?? Aws.REGION,
            // A domain identity: Cognito's SourceArn must name the domain (the address is not an identity).
            ...(props.sesIdentity === 'domain'
              ? { sesVerifiedDomain: sesIdentityName(props.sesFromEmail, 'domain') }
              : {}),
          })
        : UserPoolEmail.withCognito(),
      deletionProtection: props.production,
      removalPolicy: props.removalPolicy,
    });

    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(USER_POOL.accessTokenMinutes),
      idTokenValidity: Duration.minutes(USER_POOL.idTokenMinutes),
      refreshTokenValidity: Duration.days(USER_POOL.refreshTokenDays),
    });

    this.adminGroup = this.userPool.addGroup('AdminGroup', {
      groupName: ADMIN_GROUP,
      description: 'May call the /api/admin routes (checked by the API middleware from cognito:groups).',
    });

    this.cognitoEndpoint = `https://cognito-idp.${Aws.REGION}.amazonaws.com`;

    acknowledge(
      this.userPool,
      'USER_POOL.password: 12+ characters with upper/lower/digit. NIST SP 800-63B favours length over composition ' +
        'rules, so symbols are not required.',
      'AwsSolutions-COG1',
    );
    acknowledge(
      this.userPool,
      props.mfa === 'optional'
        ? 'MFA is optional by design (-c mfa=optional): users of a free fuel-price app may add TOTP; forcing it would lose most of them.'
        : 'MFA is off in this deployment (enable TOTP with -c mfa=optional); accounts hold only favourites and alert settings.',
      'AwsSolutions-COG2',
    );
    acknowledge(
      this.userPool,
      'Lite feature plan on purpose: threat protection needs Plus ($0.02/MAU); the pool holds no payment or sensitive data.',
      'AwsSolutions-COG8',
    );
  }
}
