import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3 acknowledgements, one finding at a time and always with a reason. A finding id is the rule id,
 * plus `[detail]` for rules that report one finding per wildcard or managed policy (IAM4, IAM5).
 */
export function acknowledge(scope: IConstruct, reason: string, ...ids: string[]): void {
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
}

/** How cdk-nag spells a `Fn::GetAtt` in a finding: `<LogicalId.Arn>`. */
export function nagRef(element: CfnElement, attribute = 'Arn'): string {
  return `<${Stack.of(element).getLogicalId(element)}.${attribute}>`;
}

/** The IAM5 finding for a wildcard resource, e.g. `AwsSolutions-IAM5[Resource::<Table.Arn>/index/*]`. */
export function wildcardResource(resource: string): string {
  return `AwsSolutions-IAM5[Resource::${resource}]`;
}

/** The IAM5 finding for a wildcard action, e.g. `AwsSolutions-IAM5[Action::s3:GetObject*]`. */
export function wildcardAction(action: string): string {
  return `AwsSolutions-IAM5[Action::${action}]`;
}

/** The IAM4 finding for an AWS managed policy, by name. */
export function managedPolicy(path: string): string {
  return `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${path}]`;
}
