package io.shophooks.webhook.dispatch;

import java.time.Duration;
import java.time.Instant;

import io.shophooks.webhook.DeliveryStatus;
import io.shophooks.webhook.outbox.DeliveryRepository.ClaimedDelivery;
import io.shophooks.webhook.outbox.DeliveryRepository.Completion;
import io.shophooks.webhook.outbox.DeliveryRepository.Outcome;
import io.shophooks.webhook.send.SendResult;

/**
 * What the result of an attempt means: delivered (any 2xx); tried again later, after the
 * retry policy's backoff or the receiver's {@code Retry-After}, whichever is longer; failed
 * for good once the retries are used up; or, on {@code 410 Gone}, failed and the endpoint
 * disabled. A test event is never retried and never counts against its endpoint.
 */
final class OutcomeRules {

	private final RetryPolicy retryPolicy;

	OutcomeRules(RetryPolicy retryPolicy) {
		this.retryPolicy = retryPolicy;
	}

	/**
	 * What an attempt decided.
	 *
	 * @param outcome the delivery's new state
	 * @param label the attempt's outcome as recorded ({@code DELIVERED},
	 * {@code RETRY_SCHEDULED}, {@code FAILED})
	 * @param kind what it means for the endpoint
	 */
	record Decision(Outcome outcome, String label, Completion.Kind kind) {
	}

	/**
	 * Decide what a finished attempt means.
	 * @param delivery the delivery attempted
	 * @param result what the receiver answered, or why there was no answer
	 * @param finishedAt when the attempt finished
	 * @param test whether it was a test event
	 * @return the decision
	 */
	Decision decide(ClaimedDelivery delivery, SendResult result, Instant finishedAt, boolean test) {
		if (result.isSuccess()) {
			return new Decision(new Outcome(DeliveryStatus.DELIVERED, delivery.retryCount(), finishedAt,
					result.statusCode(), null, finishedAt), "DELIVERED", Completion.Kind.SUCCESS);
		}
		String error = (result.error() != null) ? result.error() : "Receiver answered " + result.statusCode();
		boolean gone = result.statusCode() != null && result.statusCode() == 410;
		int retry = delivery.retryCount() + 1;
		Duration delay = (test || gone) ? null : this.retryPolicy.delayBefore(retry, result.retryAfter());
		if (delay != null) {
			return new Decision(new Outcome(DeliveryStatus.PENDING, retry, finishedAt.plus(delay), result.statusCode(),
					error, finishedAt), "RETRY_SCHEDULED", Completion.Kind.RETRY);
		}
		// a test event's failure changes nothing for its endpoint (RETRY: nothing to do)
		Completion.Kind kind = test ? Completion.Kind.RETRY : gone ? Completion.Kind.GONE : Completion.Kind.FINAL_FAILURE;
		return new Decision(new Outcome(DeliveryStatus.FAILED, delivery.retryCount(), finishedAt, result.statusCode(),
				error, finishedAt), "FAILED", kind);
	}

}
