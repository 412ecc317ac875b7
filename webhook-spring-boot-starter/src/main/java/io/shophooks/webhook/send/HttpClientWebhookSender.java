package io.shophooks.webhook.send;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.endpoint.TargetPolicy;

/**
 * Sends webhooks with Apache HttpClient 5: pooled connections, a connect timeout, a
 * timeout between bytes and a total deadline (so a receiver that drips one byte a second
 * cannot hold a worker), redirects never followed, the response body read up to a cap,
 * and every resolved address checked against the {@link TargetPolicy}.
 * <p>
 * Nothing a receiver sends is read without a bound: at most {@value #MAX_RESPONSE_HEADERS}
 * response headers, lines (status, header, chunk size, trailer) of at most
 * {@value #MAX_LINE_LENGTH} characters, the body up to the excerpt and never drained past
 * it. An {@link Error} while sending fails that attempt only; a client or pool found
 * broken is replaced, and {@link #unavailableReason()} says so until a new one works.
 */
@Internal
public class HttpClientWebhookSender implements WebhookSender, DisposableBean {

	private static final Log logger = LogFactory.getLog(HttpClientWebhookSender.class);

	/** Response headers read at most; a receiver that sends more fails its attempt. */
	static final int MAX_RESPONSE_HEADERS = 100;

	/** Longest status, header, chunk-size or trailer line read, in characters. */
	static final int MAX_LINE_LENGTH = 16 * 1024;

	private final TargetPolicy policy;

	private final Duration connectTimeout;

	private final int maxConnections;

	private volatile Client current;

	private volatile @Nullable String unavailable;

	/** Set at shutdown: a pool closed then is closed on purpose, not replaced. */
	private volatile boolean closed;

	private final ScheduledThreadPoolExecutor deadlines;

	private final Duration requestTimeout;

	private final int excerptBytes;

	public HttpClientWebhookSender(TargetPolicy policy, Duration connectTimeout, Duration requestTimeout,
			int excerptBytes, int maxConnections) {
		this.policy = policy;
		this.connectTimeout = connectTimeout;
		this.requestTimeout = requestTimeout;
		this.excerptBytes = excerptBytes;
		this.maxConnections = maxConnections;
		this.current = newClient();
		ScheduledThreadPoolExecutor deadlineTimer = new ScheduledThreadPoolExecutor(1, runnable -> {
			Thread thread = new Thread(runnable, "shophooks-deadline");
			thread.setDaemon(true);
			return thread;
		});
		// Nearly every deadline is cancelled when its answer arrives. Kept until they would
		// have expired, a busy sender held a request-timeout's worth of them, each with its
		// request and body, and the timer thread woke for each one.
		deadlineTimer.setRemoveOnCancelPolicy(true);
		this.deadlines = deadlineTimer;
	}

	private Client newClient() {
		Http1Config http1 = Http1Config.custom()
			.setMaxHeaderCount(MAX_RESPONSE_HEADERS)
			.setMaxLineLength(MAX_LINE_LENGTH)
			.build();
		PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setConnectionFactory(ManagedHttpClientConnectionFactory.builder().http1Config(http1).build())
			.setDnsResolver(new GuardedDnsResolver(this.policy))
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.of(this.connectTimeout))
				.setSocketTimeout(Timeout.of(this.requestTimeout))
				.setValidateAfterInactivity(TimeValue.ofSeconds(1))
				.setTimeToLive(TimeValue.ofMinutes(5))
				.build())
			.setMaxConnTotal(this.maxConnections)
			.setMaxConnPerRoute(this.maxConnections)
			.build();
		CloseableHttpClient client = HttpClients.custom()
			.setConnectionManager(connections)
			.setDefaultRequestConfig(RequestConfig.custom()
				.setRedirectsEnabled(false)
				.setResponseTimeout(Timeout.of(this.requestTimeout))
				.setConnectionRequestTimeout(Timeout.of(this.requestTimeout))
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.evictExpiredConnections()
			.evictIdleConnections(TimeValue.ofSeconds(30))
			.build();
		return new Client(client, connections);
	}

	/**
	 * Replace a client found broken (its pool shut down, or an {@link Error} thrown while
	 * it was in use), unless another thread already did.
	 */
	private synchronized void replace(Client broken, String why) {
		if (this.current != broken || this.closed) {
			return;
		}
		logger.error("ShopHooks replaces its HTTP client: " + why);
		try {
			this.current = newClient();
			this.unavailable = null;
		}
		catch (RuntimeException | Error ex) {
			this.unavailable = "the HTTP client could not be replaced: " + ex;
			logger.error("ShopHooks could not replace its HTTP client; no webhook can be sent", ex);
			return;
		}
		broken.closeQuietly();
	}

	@Override
	public @Nullable String unavailableReason() {
		return this.unavailable;
	}

	/** Shut the current pool down, as an {@link Error} deep in the client may leave it. */
	void shutDownPoolForTests() {
		this.current.connections().close();
	}

	/**
	 * Deadlines still scheduled: one per request waiting for its answer.
	 * @return the number of scheduled deadlines
	 */
	int pendingDeadlines() {
		return this.deadlines.getQueue().size();
	}

	@Override
	public SendResult send(OutgoingRequest request) {
		HttpPost post = new HttpPost(request.uri());
		String contentType = "application/octet-stream";
		for (Map.Entry<String, String> header : request.headers().entrySet()) {
			if (header.getKey().equalsIgnoreCase("Content-Type")) {
				contentType = header.getValue();
			}
			else {
				post.setHeader(header.getKey(), header.getValue());
			}
		}
		post.setEntity(new ByteArrayEntity(request.body(), ContentType.parse(contentType)));
		AtomicBoolean expired = new AtomicBoolean();
		ScheduledFuture<?> deadline = this.deadlines.schedule(() -> {
			expired.set(true);
			post.cancel();
		}, this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
		long start = System.nanoTime();
		Client client = this.current;
		if (client.isClosed()) {
			replace(client, "its connection pool was shut down");
			client = this.current;
		}
		ClassicHttpResponse response = null;
		boolean complete = false;
		try {
			response = client.http().executeOpen(null, post, null);
			int status = response.getCode();
			Map<String, String> headers = new LinkedHashMap<>();
			for (Header header : response.getHeaders()) {
				headers.merge(header.getName(), header.getValue(), (a, b) -> a + ", " + b);
			}
			String excerpt = readExcerpt(response.getEntity(), post);
			complete = true;
			Duration retryAfter = retryAfter(response.getFirstHeader("Retry-After"));
			String error = (status >= 300 && status < 400)
					? "Redirect to " + headers.getOrDefault("Location", "?") + " not followed" : null;
			return new SendResult(status, elapsed(start), headers, excerpt, error, retryAfter);
		}
		catch (IOException | RuntimeException ex) {
			if (client.isClosed()) {
				replace(client, "its connection pool was shut down (" + ex.getMessage() + ")");
			}
			return SendResult.failed(describe(ex, expired.get()), elapsed(start));
		}
		catch (Error error) {
			// Nothing a receiver sends is unbounded, so this is the JVM's trouble, not the
			// receiver's: fail this attempt, keep the worker, and start from a fresh client.
			logger.error("ShopHooks' HTTP client failed while sending to " + request.displayUrl(), error);
			replace(client, error.toString());
			return SendResult.failed("ShopHooks could not send: " + error, elapsed(start));
		}
		finally {
			deadline.cancel(false);
			if (!complete) {
				// Never drain what a receiver still sends: drop the connection instead.
				post.cancel();
			}
			closeQuietly(response);
		}
	}

	private static void closeQuietly(@Nullable ClassicHttpResponse response) {
		if (response != null) {
			try {
				response.close();
			}
			catch (IOException | RuntimeException | Error ex) {
				// the connection was dropped on purpose (capped body) or by the receiver
			}
		}
	}

	private @Nullable String readExcerpt(@Nullable HttpEntity entity, HttpPost post) throws IOException {
		if (entity == null) {
			return null;
		}
		InputStream in = entity.getContent();
		if (in == null) {
			return null;
		}
		byte[] buffer = new byte[this.excerptBytes];
		int read = 0;
		while (read < buffer.length) {
			int n = in.read(buffer, read, buffer.length - read);
			if (n < 0) {
				break;
			}
			read += n;
		}
		if (read == buffer.length && in.read() >= 0) {
			// More than the cap: drop the connection instead of reading the rest.
			post.cancel();
		}
		else {
			in.close();
		}
		return new String(buffer, 0, read, StandardCharsets.UTF_8);
	}

	private String describe(Exception ex, boolean expired) {
		if (expired) {
			return "No complete response within " + this.requestTimeout.toMillis()
					+ " ms (shophooks.webhook.delivery.request-timeout)";
		}
		if (ex instanceof MessageConstraintException) {
			return "The response broke a limit (at most " + MAX_RESPONSE_HEADERS + " headers, lines of at most "
					+ MAX_LINE_LENGTH + " characters): " + ex.getMessage();
		}
		if (ex instanceof io.shophooks.webhook.endpoint.ForbiddenTargetException) {
			return ex.getMessage();
		}
		if (ex instanceof UnknownHostException) {
			return "Unknown host: " + ex.getMessage();
		}
		if (ex instanceof ConnectTimeoutException) {
			return "Connect timed out: " + ex.getMessage();
		}
		if (ex instanceof HttpHostConnectException || ex instanceof ConnectException) {
			return "Connection refused: " + ex.getMessage();
		}
		if (ex instanceof SocketTimeoutException) {
			return "Receiver did not answer within " + this.requestTimeout.toMillis() + " ms";
		}
		if (ex instanceof org.apache.hc.core5.http.ConnectionClosedException
				|| (ex instanceof java.net.SocketException && String.valueOf(ex.getMessage()).contains("reset"))) {
			return "Connection closed before the response was complete: " + ex.getMessage();
		}
		if (ex instanceof SSLException) {
			return "TLS failed: " + ex.getMessage();
		}
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	static @Nullable Duration retryAfter(@Nullable Header header) {
		if (header == null || header.getValue() == null) {
			return null;
		}
		String value = header.getValue().trim();
		try {
			long seconds = Long.parseLong(value);
			return (seconds >= 0) ? Duration.ofSeconds(seconds) : null;
		}
		catch (NumberFormatException ex) {
			try {
				ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	private static long elapsed(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	@Override
	public void destroy() throws IOException {
		this.closed = true;
		this.deadlines.shutdownNow();
		this.current.http().close();
	}

	/** One HTTP client and its pool, replaced together. */
	private record Client(CloseableHttpClient http, PoolingHttpClientConnectionManager connections) {

		boolean isClosed() {
			return this.connections.isClosed();
		}

		void closeQuietly() {
			try {
				this.http.close();
			}
			catch (IOException | RuntimeException ex) {
				// it was broken already
			}
		}

	}

}
