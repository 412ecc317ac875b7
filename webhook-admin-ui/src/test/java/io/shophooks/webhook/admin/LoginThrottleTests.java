package io.shophooks.webhook.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login throttle as OWASP ASVS V2.2 and NIST SP 800-63B 5.2.2 ask: guessing is slowed,
 * and nothing a stranger without the password does keeps the real user out for more than
 * a short pause (none at all from an address they used before).
 */
class LoginThrottleTests {

	private final MovingClock clock = new MovingClock();

	private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(15), this.clock);

	@Test
	void aStrangerGuessingTheOwnersPasswordHoldsOnlyTheirOwnAddress() {
		for (int i = 0; i < 5; i++) {
			fail("owner", "198.51.100.66");
		}
		assertThat(this.throttle.blockedFor("owner", "198.51.100.66")).isGreaterThan(Duration.ofMinutes(14));
		// from anywhere else the owner waits a second at most, then logs in
		assertThat(this.throttle.blockedFor("owner", "192.0.2.7")).isLessThanOrEqualTo(Duration.ofSeconds(1));
		this.clock.pass(Duration.ofSeconds(1));
		assertThat(this.throttle.blockedFor("owner", "192.0.2.7")).isZero();
	}

	@Test
	void aStrangerGuessingForAnHourNeverKeepsTheOwnerOutLongerThanThePause() {
		succeed("owner", "192.0.2.7");
		long longestWait = 0;
		// one guess every ten seconds, each from a new address, for an hour
		for (int i = 0; i < 360; i++) {
			String guesser = "198.51.100." + (i % 250);
			if (this.throttle.blockedFor("owner", guesser).isZero()) {
				fail("owner", guesser);
			}
			longestWait = Math.max(longestWait, this.throttle.blockedFor("owner", "203.0.113.9").toMillis());
			// from the address the owner used before, never a wait
			assertThat(this.throttle.blockedFor("owner", "192.0.2.7")).isZero();
			this.clock.pass(Duration.ofSeconds(10));
		}
		assertThat(longestWait).isLessThanOrEqualTo(LoginThrottle.MAX_PAUSE_SECONDS * 1000L);
	}

	@Test
	void guessesSpreadOverManyAddressesAreSlowedToOneAPause() {
		int guesses = 0;
		// a guesser with a thousand addresses trying as fast as the throttle lets it, for an hour
		for (long second = 0; second < 3600; second++) {
			for (int a = 0; a < 1000; a += 97) {
				String address = "10.0." + (a / 250) + "." + (a % 250);
				if (this.throttle.blockedFor("owner", address).isZero()) {
					fail("owner", address);
					guesses++;
				}
			}
			this.clock.pass(Duration.ofSeconds(1));
		}
		System.out.println("guesses at one user name in an hour from 11 addresses: " + guesses);
		assertThat(guesses).isLessThanOrEqualTo(3600 / LoginThrottle.MAX_PAUSE_SECONDS + 20);
	}

	@Test
	void aGuesserSharingTheOwnersAddressCannotLockTheOwnerOutThere() {
		succeed("owner", "203.0.113.1");
		long longestWait = 0;
		for (int i = 0; i < 200; i++) {
			if (this.throttle.blockedFor("owner", "203.0.113.1").isZero()) {
				fail("owner", "203.0.113.1");
			}
			longestWait = Math.max(longestWait, this.throttle.blockedFor("owner", "203.0.113.1").toMillis());
			this.clock.pass(Duration.ofSeconds(5));
		}
		assertThat(longestWait).isLessThanOrEqualTo(LoginThrottle.MAX_PAUSE_SECONDS * 1000L);
	}

	@Test
	void anOfficeBehindOneAddressIsSlowedNotLockedOut() {
		succeed("owner", "203.0.113.1");
		for (int i = 0; i < 20; i++) {
			fail("clerk-" + i, "203.0.113.1");
		}
		// the owner has logged in from there before: no wait
		assertThat(this.throttle.blockedFor("owner", "203.0.113.1")).isZero();
		// a colleague who never has: a pause, not a lock
		assertThat(this.throttle.blockedFor("newcomer", "203.0.113.1"))
			.isLessThanOrEqualTo(Duration.ofSeconds(LoginThrottle.MAX_PAUSE_SECONDS));
		this.clock.pass(Duration.ofSeconds(LoginThrottle.MAX_PAUSE_SECONDS));
		assertThat(this.throttle.blockedFor("newcomer", "203.0.113.1")).isZero();
	}

	private void fail(String user, String address) {
		UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(user, "x");
		attempt.setDetails(new WebAuthenticationDetails(address, null));
		this.throttle.failed(new AuthenticationFailureBadCredentialsEvent(attempt, new BadCredentialsException("no")));
	}

	private void succeed(String user, String address) {
		UsernamePasswordAuthenticationToken login = UsernamePasswordAuthenticationToken.authenticated(user, null,
				java.util.List.of());
		login.setDetails(new WebAuthenticationDetails(address, null));
		this.throttle.succeeded(new AuthenticationSuccessEvent(login));
	}

	private static final class MovingClock extends Clock {

		private Instant now = Instant.parse("2026-12-07T08:00:00Z");

		void pass(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
