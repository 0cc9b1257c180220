import { Annotations, type Duration } from 'aws-cdk-lib';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { InvocationType, Trigger } from 'aws-cdk-lib/triggers';
import type { Construct, IConstruct } from 'constructs';
import type { PleinFunction } from './plein-function.ts';

/**
 * Runs a function once at deploy time, asynchronously: the deployment never waits for (or rolls back on)
 * an upstream file. The trigger invokes the function's current version, so that version gets the same async
 * settings (no retry, the dead-letter queue), and the trigger runs only after them: without them a failed run
 * would be retried twice, not dead-lettered. Used by the ingest and the names function.
 */
export function runAtDeploy(
  scope: Construct,
  fn: PleinFunction,
  o: { maxEventAge: Duration; deadLetterQueue: Queue; after: readonly IConstruct[] },
): Trigger {
  fn.currentVersion.configureAsyncInvoke({
    retryAttempts: 0,
    maxEventAge: o.maxEventAge,
    onFailure: new SqsDestination(o.deadLetterQueue),
  });
  Annotations.of(fn).acknowledgeWarning(
    '@aws-cdk/aws-lambda:addPermissionsToVersionOrAlias',
    'Only the deploy trigger invokes the version, through its own role (identity policy on the version ARNs).',
  );
  return new Trigger(scope, 'RunAtDeploy', {
    handler: fn,
    invocationType: InvocationType.EVENT,
    executeAfter: [
      ...o.after,
      o.deadLetterQueue,
      ...fn.currentVersion.node.children.filter((c) => c.node.id === 'EventInvokeConfig'),
    ],
  });
}
