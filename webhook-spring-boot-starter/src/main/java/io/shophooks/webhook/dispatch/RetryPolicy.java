package io.shophooks.webhook.dispatch;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * When a failed delivery is tried again: Spring Framework's {@link ExponentialBackOff}
 * with jitter, evaluated for the n-th retry so that the schedule survives restarts (each
 * wait is stored as the delivery's next attempt time, never held in memory).
 */
public class RetryPolicy {

	private final ExponentialBackOff backOff;

	private final int maxRetries;

	private final Duration maxInterval;

	/**
	 * @param initialInterval the wait before the first retry
	 * @param multiplier the growth of each following wait
	 * @param maxInterval the longest wait
	 * @param jitter the random share added or removed from each wait, 0 to 1
	 * @param maxRetries the retries after the first attempt
	 */
	public RetryPolicy(Duration initialInterval, double multiplier, Duration maxInterval, double jitter,
			int maxRetries) {
		if (initialInterval.isNegative() || initialInterval.isZero()) {
			throw new IllegalArgumentException("shophooks.webhook.retry.initial-interval must be positive");
		}
		if (multiplier < 1) {
			throw new IllegalArgumentException("shophooks.webhook.retry.multiplier must be at least 1");
		}
		if (jitter < 0 || jitter >= 1) {
			throw new IllegalArgumentException("shophooks.webhook.retry.jitter must be between 0 and 1 (e.g. 0.2)");
		}
		if (maxRetries < 0) {
			throw new IllegalArgumentException("shophooks.webhook.retry.max-retries must not be negative");
		}
		this.backOff = new ExponentialBackOff(initialInterval.toMillis(), multiplier);
		this.backOff.setMaxInterval(Math.max(maxInterval.toMillis(), initialInterval.toMillis()));
		this.backOff.setJitter(Math.round(initialInterval.toMillis() * jitter));
		this.maxRetries = maxRetries;
		this.maxInterval = maxInterval;
	}

	public int maxRetries() {
		return this.maxRetries;
	}

	/**
	 * When a delivery whose next attempt is due at {@code nextAttempt} gives up if every
	 * attempt left fails: the nominal waits (without jitter and {@code Retry-After}), so
	 * about then.
	 * @param attemptsMade attempts made so far
	 * @param nextAttempt when the next one is due
	 * @return when the last attempt would go out
	 */
	public Instant lastAttemptAbout(int attemptsMade, Instant nextAttempt) {
		Instant last = nextAttempt;
		for (int retry = attemptsMade + 1; retry <= this.maxRetries; retry++) {
			last = last.plus(nominalDelayBefore(retry));
		}
		return last;
	}

	private Duration nominalDelayBefore(int retry) {
		double millis = this.backOff.getInitialInterval() * Math.pow(this.backOff.getMultiplier(), retry - 1);
		return Duration.ofMillis((long) Math.min(millis, this.backOff.getMaxInterval()));
	}

	/**
	 * The wait before a retry.
	 * @param retry the retry about to be scheduled, 1 for the first
	 * @param retryAfter what the receiver asked for in {@code Retry-After}, or {@code null}
	 * @return the wait, or {@code null} when no retries are left
	 */
	public @Nullable Duration delayBefore(int retry, @Nullable Duration retryAfter) {
		if (retry > this.maxRetries) {
			return null;
		}
		BackOffExecution execution = this.backOff.start();
		long millis = 0;
		for (int i = 0; i < retry; i++) {
			millis = execution.nextBackOff();
		}
		Duration delay = Duration.ofMillis(millis);
		if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
			delay = (retryAfter.compareTo(this.maxInterval) > 0) ? this.maxInterval : retryAfter;
		}
		return delay;
	}

}
