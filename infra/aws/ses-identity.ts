/**
 * The one SES identity that both Cognito's mail (infra/aws/auth.ts, the user pool's SourceArn) and the alert
 * emails (infra/aws/alerts.ts, ses:SendRawEmail) send from: so they can never disagree. `-c sesIdentity`
 * says what was verified in SES: the sender address itself (`address`, the default) or its domain
 * (`domain`, e.g. `plein.fr` for `alertes@plein.fr`; then the address itself needs no verification).
 */
export type SesIdentityKind = 'address' | 'domain';

/** The identity's name in SES: the address, or its domain. */
export function sesIdentityName(fromEmail: string, kind: SesIdentityKind = 'address'): string {
  return kind === 'domain' ? fromEmail.slice(fromEmail.lastIndexOf('@') + 1) : fromEmail;
}
