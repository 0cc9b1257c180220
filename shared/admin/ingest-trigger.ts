import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

/** The event the admin trigger sends the ingest function: never a feed location, only these two fields. */
export interface AdminIngestEvent {
  trigger: 'admin';
  force: boolean;
}

/**
 * Starts an ingest now: an asynchronous invoke (InvocationType Event) of the ingest function, which Lambda
 * accepts with 202 and runs in the background; the run then records itself like a scheduled one (the ingest
 * lock keeps it from overlapping another run: it is then recorded as skipped, reason 'locked').
 */
export async function triggerIngest(
  lambda: LambdaClient,
  functionName: string,
  force: boolean,
): Promise<AdminIngestEvent> {
  const event: AdminIngestEvent = { trigger: 'admin', force };
  const res = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify(event)),
    }),
  );
  if (res.StatusCode !== 202) throw new Error(`Lambda answered ${res.StatusCode} to an Event invoke`);
  return event;
}
