package io.shophooks.webhook.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows down password guessing without handing a stranger a way to lock a real user out
 * (OWASP ASVS V2.2, NIST SP 800-63B 5.2.2): it slows guesses, it never locks an account.
 * <ul>
 * <li>One address guessing one user name: after {@code maxFailures} failures within
 * {@code window}, that address may not try that name again until the oldest failure
 * leaves the window. Only the guesser waits; from an address the user has logged in from
 * before (which a guesser may share: an office, a proxy) the guessing is only slowed, as
 * below.</li>
 * <li>One user name from any address (a guesser spread over many): after
 * {@code maxFailures} failures, one try at a time, the next after a pause that doubles
 * with each further failure up to {@value #MAX_PAUSE_SECONDS} seconds. An address from
 * which that user has logged in before is not slowed at all.</li>
 * <li>One address for any user (a guesser spraying names, or an office behind one
 * address): the same pauses after four times as many failures, except for users who have
 * logged in from that address before.</li>
 * </ul>
 * So the real user, whatever a stranger does, waits at most {@value #MAX_PAUSE_SECONDS}
 * seconds, and not at all from an address they used before. A successful login clears its
 * user's failures from that address. It counts the failures Spring Security publishes,
 * for form login and HTTP Basic alike, and holds at most 10,000 keys of each kind, so
 * made-up user names cannot fill the memory.
 */
public final class LoginThrottle {

	private static final int MAX_KEYS = 10_000;

	/** The longest pause between two tries of one user name (or address) once slowed. */
	static final int MAX_PAUSE_SECONDS = 30;

	/** How long an address a user logged in from is remembered as theirs. */
	private static final Duration KNOWN_FOR = Duration.ofDays(30);

	private final int maxFailures;

	private final Duration window;

	private final Clock clock;

	private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

	private final Map<String, Instant> knownAddresses = new ConcurrentHashMap<>();

	/**
	 * @param maxFailures failed logins of one user allowed within the window
	 * @param window how long a failure counts
	 * @param clock the clock
	 */
	public LoginThrottle(int maxFailures, Duration window, Clock clock) {
		this.maxFailures = maxFailures;
		this.window = window;
		this.clock = clock;
	}

	@EventListener
	void failed(AbstractAuthenticationFailureEvent event) {
		Instant now = this.clock.instant();
		String user = normalize(event.getAuthentication().getName());
		record("user:" + user, now);
		String address = address(event.getAuthentication().getDetails());
		if (address != null) {
			record("address:" + address, now);
			record("pair:" + user + "|" + address, now);
		}
	}

	@EventListener
	void succeeded(AuthenticationSuccessEvent event) {
		String user = normalize(event.getAuthentication().getName());
		String address = address(event.getAuthentication().getDetails());
		if (address != null) {
			this.failures.remove("pair:" + user + "|" + address);
			if (this.knownAddresses.size() >= MAX_KEYS) {
				Instant now = this.clock.instant();
				this.knownAddresses.values().removeIf(at -> at.plus(KNOWN_FOR).isBefore(now));
				if (this.knownAddresses.size() >= MAX_KEYS) {
					this.knownAddresses.remove(this.knownAddresses.keySet().iterator().next());
				}
			}
			this.knownAddresses.put(user + "|" + address, this.clock.instant());
		}
	}

	private static @Nullable String address(@Nullable Object details) {
		return (details instanceof WebAuthenticationDetails web) ? web.getRemoteAddress() : null;
	}

	/**
	 * How long logins for this user from this address must wait.
	 * @param username the user name tried, or {@code null}
	 * @param address the client's address, or {@code null}
	 * @return the wait, or zero if a login may be tried now
	 */
	public Duration blockedFor(@Nullable String username, @Nullable String address) {
		Instant now = this.clock.instant();
		String user = (username != null) ? normalize(username) : null;
		if (user != null && address != null) {
			Instant known = this.knownAddresses.get(user + "|" + address);
			if (known != null && known.plus(KNOWN_FOR).isAfter(now)) {
				// an address the user logged in from (an office, a proxy) may be shared with a
				// guesser: guessing from it is slowed like any, never locked, so the user gets in
				return pause("pair:" + user + "|" + address, this.maxFailures, now);
			}
			Duration guesser = waitFor("pair:" + user + "|" + address, this.maxFailures, now);
			if (!guesser.isZero()) {
				return guesser;
			}
		}
		Duration wait = Duration.ZERO;
		if (user != null) {
			wait = max(wait, pause("user:" + user, this.maxFailures, now));
		}
		if (address != null) {
			wait = max(wait, pause("address:" + address, this.maxFailures * 4, now));
		}
		return wait;
	}

	/**
	 * A filter, to add before the login filters, that refuses login attempts while their
	 * user or address is blocked: a form login is sent back to the login page with
	 * {@code ?error&throttled=<seconds>}, any other request (HTTP Basic) gets 429 with {@code Retry-After}.
	 * @param formLogin the form login's processing requests
	 * @param loginPage the login page's path
	 * @return the filter
	 */
	public OncePerRequestFilter filter(RequestMatcher formLogin, String loginPage) {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				boolean form = formLogin.matches(request);
				String username = form ? request.getParameter("username") : basicUser(request);
				if (form || username != null) {
					Duration wait = blockedFor(username, request.getRemoteAddr());
					if (!wait.isZero()) {
						long seconds = Math.max(1, wait.toSeconds());
						if (form) {
							// the message a login page shows at ?error (Spring Security's own page shows it too)
							request.getSession().setAttribute(WebAttributes.AUTHENTICATION_EXCEPTION,
									new LockedException("Too many failed logins for this user or from this address;"
											+ " try again in " + seconds + " seconds"));
							response.sendRedirect(request.getContextPath() + loginPage + "?error&throttled=" + seconds);
						}
						else {
							// written here, not sent as an error: an error dispatch would meet the host's security again
							response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
							response.setHeader("Retry-After", Long.toString(seconds));
							response.setContentType("text/plain;charset=UTF-8");
							response.getWriter()
								.write("Too many failed logins for this user or from this address; try again in "
										+ seconds + " seconds");
						}
						return;
					}
				}
				chain.doFilter(request, response);
			}

		};
	}

	private static @Nullable String basicUser(HttpServletRequest request) {
		if (!HeaderAuthentication.hasBasicCredentials(request)) {
			return null;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(request.getHeader("Authorization").substring(6).trim()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return (colon >= 0) ? decoded.substring(0, colon) : decoded;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private void record(String key, Instant now) {
		if (this.failures.size() >= MAX_KEYS && !this.failures.containsKey(key)) {
			forgetExpired(now);
			if (this.failures.size() >= MAX_KEYS) {
				Iterator<String> oldest = this.failures.keySet().iterator();
				oldest.next();
				oldest.remove();
			}
		}
		Deque<Instant> times = this.failures.computeIfAbsent(key, k -> new ArrayDeque<>());
		synchronized (times) {
			times.addLast(now);
			// enough to double the pause up to its longest
			while (times.size() > this.maxFailures * 4 + 16) {
				times.removeFirst();
			}
		}
	}

	/**
	 * Once a key has {@code allowed} failures in the window: the pause after its newest
	 * failure, one second doubled for each failure past the allowance, at most
	 * {@link #MAX_PAUSE_SECONDS}.
	 */
	private Duration pause(String key, int allowed, Instant now) {
		return overAllowance(key, allowed, now, times -> {
			int past = times.size() - allowed;
			long seconds = (past >= 5) ? MAX_PAUSE_SECONDS : Math.min(MAX_PAUSE_SECONDS, 1L << past);
			return times.peekLast().plusSeconds(seconds);
		});
	}

	/** Once a key has {@code allowed} failures: held until enough leave the window to allow one more try. */
	private Duration waitFor(String key, int allowed, Instant now) {
		return overAllowance(key, allowed, now,
				times -> times.stream().skip(times.size() - allowed).findFirst().orElse(now).plus(this.window));
	}

	/**
	 * The wait for a key whose failures in the window reach the allowance, until the moment
	 * the rule gives; zero below the allowance.
	 */
	private Duration overAllowance(String key, int allowed, Instant now,
			java.util.function.Function<Deque<Instant>, Instant> until) {
		Deque<Instant> times = this.failures.get(key);
		if (times == null) {
			return Duration.ZERO;
		}
		synchronized (times) {
			times.removeIf(time -> !time.isAfter(now.minus(this.window)));
			if (times.size() < allowed) {
				return Duration.ZERO;
			}
			Duration wait = Duration.between(now, until.apply(times));
			return wait.isNegative() ? Duration.ZERO : wait;
		}
	}

	private void forgetExpired(Instant now) {
		Instant oldest = now.minus(this.window);
		this.failures.entrySet().removeIf(entry -> {
			synchronized (entry.getValue()) {
				return entry.getValue().isEmpty() || !entry.getValue().peekLast().isAfter(oldest);
			}
		});
	}

	private static String normalize(@Nullable String username) {
		return (username != null) ? username.strip().toLowerCase(Locale.ROOT) : "";
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
