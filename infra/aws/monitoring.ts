import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

export interface MonitoringProps {
  /** Subscribe this address to the alarm topic (AWS sends a confirmation mail first). */
  readonly alarmEmail?: string;
}

/** Where alarms go: one SNS topic (TLS-only publishers), optionally mailed to the operator. */
export class Monitoring extends Construct {
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'Plein alarms', enforceSSL: true });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
  }

  /** Notify the topic when the alarm fires and when it recovers. */
  notify(...alarms: Alarm[]): void {
    const action = new SnsAction(this.alarmTopic);
    for (const alarm of alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }
}

/** An alarm when `metric` reaches `threshold` (default 1) in one period; no data means nothing happened. */
export function countAlarm(
  scope: Construct,
  id: string,
  description: string,
  metric: IMetric,
  threshold = 1,
): Alarm {
  return new Alarm(scope, id, {
    alarmDescription: description,
    metric,
    threshold,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

/** An alarm as soon as a message waits in a dead-letter queue. */
export function deadLetterAlarm(scope: Construct, id: string, description: string, queue: IQueue): Alarm {
  const waiting = queue.metricApproximateNumberOfMessagesVisible({
    period: Duration.minutes(5),
    statistic: 'Maximum',
  });
  return countAlarm(scope, id, description, waiting);
}

/** A dead-letter queue (encrypted, TLS only, 14 days); `whose` says what fails into it, for cdk-nag. */
export function newDeadLetterQueue(scope: Construct, whose: string): Queue {
  const queue = new Queue(scope, 'DeadLetterQueue', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(queue, `This queue is itself the dead-letter queue of ${whose}.`, 'AwsSolutions-SQS3');
  return queue;
}
