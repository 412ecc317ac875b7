package io.shophooks.webhook.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shophooks.webhook.DeliveryStatus;
import io.shophooks.webhook.outbox.DeliveryRepository.ClaimedDelivery;
import io.shophooks.webhook.outbox.DeliveryRepository.Completion;
import io.shophooks.webhook.outbox.StoredEvent;
import io.shophooks.webhook.send.SendResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an answer means: 2xx delivers; a failure is retried after the backoff or the
 * receiver's Retry-After, whichever is longer, until the retries are used up; 410 Gone
 * fails at once and disables the endpoint; a test event is never retried and never counts
 * against its endpoint.
 */
class OutcomeRulesTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private final OutcomeRules rules = new OutcomeRules(
			new RetryPolicy(Duration.ofSeconds(5), 6, Duration.ofHours(10), 0, 2));

	@Test
	void aSuccessDelivers() {
		OutcomeRules.Decision decision = this.rules.decide(delivery(0), answer(204, null), NOW, false);
		assertThat(decision.outcome().status()).isEqualTo(DeliveryStatus.DELIVERED);
		assertThat(decision.label()).isEqualTo("DELIVERED");
		assertThat(decision.kind()).isEqualTo(Completion.Kind.SUCCESS);
	}

	@Test
	void aFailureIsRetriedAfterTheLongerOfBackoffAndRetryAfterUntilTheRetriesAreUsedUp() {
		OutcomeRules.Decision first = this.rules.decide(delivery(0), answer(503, null), NOW, false);
		assertThat(first.outcome().status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(first.outcome().nextAttemptAt()).isEqualTo(NOW.plusSeconds(5));
		assertThat(first.outcome().error()).isEqualTo("Receiver answered 503");
		assertThat(first.kind()).isEqualTo(Completion.Kind.RETRY);
		OutcomeRules.Decision asked = this.rules.decide(delivery(0), answer(429, Duration.ofMinutes(2)), NOW, false);
		assertThat(asked.outcome().nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
		OutcomeRules.Decision last = this.rules.decide(delivery(2), answer(503, null), NOW, false);
		assertThat(last.outcome().status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(last.label()).isEqualTo("FAILED");
		assertThat(last.kind()).isEqualTo(Completion.Kind.FINAL_FAILURE);
	}

	@Test
	void goneFailsAtOnceAndDisablesTheEndpoint() {
		OutcomeRules.Decision gone = this.rules.decide(delivery(0), answer(410, null), NOW, false);
		assertThat(gone.outcome().status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(gone.kind()).isEqualTo(Completion.Kind.GONE);
	}

	@Test
	void aTestEventIsNeverRetriedAndNeverCountsAgainstItsEndpoint() {
		OutcomeRules.Decision failed = this.rules.decide(delivery(0), answer(503, null), NOW, true);
		assertThat(failed.outcome().status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(failed.kind()).isEqualTo(Completion.Kind.RETRY);
		OutcomeRules.Decision gone = this.rules.decide(delivery(0), answer(410, null), NOW, true);
		assertThat(gone.kind()).isEqualTo(Completion.Kind.RETRY);
		OutcomeRules.Decision refused = this.rules.decide(delivery(0),
				SendResult.failed("Connection refused: nobody there", 3), NOW, true);
		assertThat(refused.outcome().error()).isEqualTo("Connection refused: nobody there");
	}

	private static ClaimedDelivery delivery(int retries) {
		return new ClaimedDelivery(1, 1, retries, retries, new StoredEvent("msg_1", "order.approved", "{}", NOW, null, 1));
	}

	private static SendResult answer(int status, Duration retryAfter) {
		return new SendResult(status, 12, Map.of(), null, null, retryAfter);
	}

}
