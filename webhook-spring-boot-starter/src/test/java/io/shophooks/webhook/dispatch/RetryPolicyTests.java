package io.shophooks.webhook.dispatch;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryPolicyTests {

	private final RetryPolicy defaults = new RetryPolicy(Duration.ofSeconds(5), 6, Duration.ofHours(10), 0, 7);

	@Test
	void defaultScheduleGrowsFromSecondsToHours() {
		assertThat(this.defaults.delayBefore(1, null)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.defaults.delayBefore(2, null)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.defaults.delayBefore(3, null)).isEqualTo(Duration.ofMinutes(3));
		assertThat(this.defaults.delayBefore(4, null)).isEqualTo(Duration.ofMinutes(18));
		assertThat(this.defaults.delayBefore(5, null)).isEqualTo(Duration.ofMinutes(108));
		assertThat(this.defaults.delayBefore(6, null)).isEqualTo(Duration.ofHours(10));
		assertThat(this.defaults.delayBefore(7, null)).isEqualTo(Duration.ofHours(10));
	}

	@Test
	void noRetryAfterTheLast() {
		assertThat(this.defaults.delayBefore(8, null)).isNull();
	}

	@Test
	void jitterSpreadsRetriesAroundTheSchedule() {
		RetryPolicy jittered = new RetryPolicy(Duration.ofSeconds(5), 6, Duration.ofHours(10), 0.2, 7);
		long distinct = java.util.stream.IntStream.range(0, 50)
			.mapToObj(i -> jittered.delayBefore(2, null))
			.peek(d -> assertThat(d).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(36)))
			.distinct()
			.count();
		assertThat(distinct).isGreaterThan(10);
	}

	@Test
	void retryAfterLongerThanTheScheduleIsHonouredUpToTheMaximum() {
		assertThat(this.defaults.delayBefore(1, Duration.ofMinutes(2))).isEqualTo(Duration.ofMinutes(2));
		assertThat(this.defaults.delayBefore(1, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.defaults.delayBefore(1, Duration.ofDays(3))).isEqualTo(Duration.ofHours(10));
	}

	@Test
	void badSettingsNameTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryPolicy(Duration.ofSeconds(5), 6, Duration.ofHours(1), 1.5, 3))
			.withMessageContaining("shophooks.webhook.retry.jitter");
	}

}
