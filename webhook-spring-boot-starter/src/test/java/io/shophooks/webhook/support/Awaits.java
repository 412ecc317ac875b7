package io.shophooks.webhook.support;

import java.time.Duration;
import java.util.concurrent.Callable;

import static org.awaitility.Awaitility.await;

/**
 * Waiting on conditions instead of sleeping.
 */
public final class Awaits {

	private Awaits() {
	}

	/**
	 * A condition that must hold for a whole window (nothing more arrives, say), checked
	 * every 50 ms: fails at the first moment it does not, instead of sleeping and looking
	 * once at the end.
	 * @param window how long it must hold
	 * @param condition the condition
	 */
	public static void holdsFor(Duration window, Callable<Boolean> condition) {
		await().during(window)
			.atMost(window.plus(Duration.ofSeconds(10)))
			.pollInterval(Duration.ofMillis(50))
			.until(condition);
	}

}
