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
 * Slows down password guessing: after {@code maxFailures} failed logins for one user name,
 * or four times as many from one address, within {@code window}, further logins for that
 * user or from that address are refused, right password or not, until the oldest failure
 * leaves the window. A successful login clears its user's count. It counts the failures
 * Spring Security publishes, for form login and HTTP Basic alike, and holds at most
 * 10,000 keys, so made-up user names cannot fill the memory.
 */
public final class LoginThrottle {

	private static final int MAX_KEYS = 10_000;

	private final int maxFailures;

	private final Duration window;

	private final Clock clock;

	private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

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
		record("user:" + normalize(event.getAuthentication().getName()), now);
		if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
				&& details.getRemoteAddress() != null) {
			record("address:" + details.getRemoteAddress(), now);
		}
	}

	@EventListener
	void succeeded(AuthenticationSuccessEvent event) {
		this.failures.remove("user:" + normalize(event.getAuthentication().getName()));
	}

	/**
	 * How long logins for this user or from this address stay refused.
	 * @param username the user name tried, or {@code null}
	 * @param address the client's address, or {@code null}
	 * @return the wait, or zero if a login may be tried now
	 */
	public Duration blockedFor(@Nullable String username, @Nullable String address) {
		Instant now = this.clock.instant();
		Duration wait = Duration.ZERO;
		if (username != null) {
			wait = max(wait, waitFor("user:" + normalize(username), this.maxFailures, now));
		}
		if (address != null) {
			wait = max(wait, waitFor("address:" + address, this.maxFailures * 4, now));
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
			while (times.size() > this.maxFailures * 4) {
				times.removeFirst();
			}
		}
	}

	private Duration waitFor(String key, int allowed, Instant now) {
		Deque<Instant> times = this.failures.get(key);
		if (times == null) {
			return Duration.ZERO;
		}
		synchronized (times) {
			times.removeIf(time -> !time.isAfter(now.minus(this.window)));
			if (times.size() < allowed) {
				return Duration.ZERO;
			}
			// refused until enough failures leave the window to allow one more try
			Instant freed = times.stream().skip(times.size() - allowed).findFirst().orElse(now).plus(this.window);
			return Duration.between(now, freed);
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
