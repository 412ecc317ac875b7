package io.shophooks.webhook.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of ShopHooks webhooks.
 */
@ConfigurationProperties("shophooks.webhook")
public class WebhookProperties {

	/**
	 * Whether ShopHooks captures events and delivers webhooks.
	 */
	private boolean enabled = true;

	private final Jdbc jdbc = new Jdbc();

	private final Events events = new Events();

	private final Security security = new Security();

	private final Delivery delivery = new Delivery();

	private final Retry retry = new Retry();

	private final Retention retention = new Retention();

	private final Health health = new Health();

	private final Metrics metrics = new Metrics();

	private final Alerts alerts = new Alerts();

	public Alerts getAlerts() {
		return this.alerts;
	}

	public Retention getRetention() {
		return this.retention;
	}

	public Health getHealth() {
		return this.health;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public Security getSecurity() {
		return this.security;
	}

	public Delivery getDelivery() {
		return this.delivery;
	}

	public Retry getRetry() {
		return this.retry;
	}


	public Events getEvents() {
		return this.events;
	}

	/**
	 * Where event types are found.
	 */
	public static class Events {

		/**
		 * Packages (with their sub-packages) to look in for @WebhookEvent types besides the
		 * application's own, e.g. those of a library jar.
		 */
		private List<String> packages = new ArrayList<>();

		public List<String> getPackages() {
			return this.packages;
		}

		public void setPackages(List<String> packages) {
			this.packages = packages;
		}

	}

	public static class Jdbc {

		/**
		 * When to create ShopHooks' tables: embedded, always or never. Defaults to always,
		 * or never when Flyway or Liquibase manages the schema.
		 */
		private @Nullable DatabaseInitializationMode initializeSchema;

		/**
		 * Prefix of ShopHooks' table names.
		 */
		private String tablePrefix = "shophooks_";

		public @Nullable DatabaseInitializationMode getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(@Nullable DatabaseInitializationMode initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public String getTablePrefix() {
			return this.tablePrefix;
		}

		public void setTablePrefix(String tablePrefix) {
			this.tablePrefix = tablePrefix;
		}

	}

	public static class Security {

		/**
		 * Base64 AES key (16, 24 or 32 bytes) that encrypts endpoint secrets at rest; required
		 * unless the database is embedded. Generate with 'openssl rand -base64 32'.
		 */
		private @Nullable String encryptionKey;

		/**
		 * Keys that encrypted endpoint secrets before the current one, while it is rotated:
		 * secrets written with them are still read and, at start-up, re-encrypted with the
		 * current key. Remove them once every instance has started with the new key.
		 */
		private List<String> previousEncryptionKeys = new ArrayList<>();

		/**
		 * Whether endpoint URLs must use https.
		 */
		private boolean requireHttps = false;

		/**
		 * Whether endpoints may point at addresses that are not globally reachable
		 * (loopback, private, link-local, metadata, documentation, this host's own; for
		 * development and demos only).
		 */
		private boolean allowPrivateNetworks = false;

		/**
		 * How long a rotated signing secret keeps signing next to the new one.
		 */
		private Duration secretRotationOverlap = Duration.ofHours(24);

		public @Nullable String getEncryptionKey() {
			return this.encryptionKey;
		}

		public void setEncryptionKey(@Nullable String encryptionKey) {
			this.encryptionKey = encryptionKey;
		}

		public List<String> getPreviousEncryptionKeys() {
			return this.previousEncryptionKeys;
		}

		public void setPreviousEncryptionKeys(List<String> previousEncryptionKeys) {
			this.previousEncryptionKeys = previousEncryptionKeys;
		}

		public boolean isRequireHttps() {
			return this.requireHttps;
		}

		public void setRequireHttps(boolean requireHttps) {
			this.requireHttps = requireHttps;
		}

		public boolean isAllowPrivateNetworks() {
			return this.allowPrivateNetworks;
		}

		public void setAllowPrivateNetworks(boolean allowPrivateNetworks) {
			this.allowPrivateNetworks = allowPrivateNetworks;
		}

		public Duration getSecretRotationOverlap() {
			return this.secretRotationOverlap;
		}

		public void setSecretRotationOverlap(Duration secretRotationOverlap) {
			this.secretRotationOverlap = secretRotationOverlap;
		}

	}

	public static class Delivery {

		/**
		 * Whether this instance sends webhooks (it always captures them).
		 */
		private boolean enabled = true;

		/**
		 * Whether this instance holds back all deliveries (a maintenance window); the admin
		 * UI pauses every instance at once.
		 */
		private boolean paused = false;

		/**
		 * Whether a PostgreSQL NOTIFY wakes idle instances at once rather than at their
		 * next poll: sent after each fan-out by delivering instances, from the publishing
		 * transaction by the others (PostgreSQL only).
		 */
		private boolean notify = true;

		/**
		 * Most requests in flight from one instance.
		 */
		private int concurrency = 32;

		public boolean isPaused() {
			return this.paused;
		}

		public void setPaused(boolean paused) {
			this.paused = paused;
		}

		public boolean isNotify() {
			return this.notify;
		}

		public void setNotify(boolean notify) {
			this.notify = notify;
		}

		/**
		 * Default most requests in flight to one endpoint from one instance.
		 */
		private int endpointConcurrency = 8;

		/**
		 * Most events or deliveries taken from the database per round.
		 */
		private int batchSize = 100;

		/**
		 * How often to look for work written by other instances without a NOTIFY, for
		 * expired leases and for retries other instances scheduled (this instance's own
		 * retries are claimed when they fall due).
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * How long a claimed delivery is held without a renewal before another instance
		 * may take it over; a live instance renews its leases every third of this, so it
		 * bounds how long the deliveries of a crashed instance wait.
		 */
		private Duration lease = Duration.ofSeconds(5);

		/**
		 * Timeout for opening a connection to a receiver.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * Longest time a receiver has to answer completely.
		 */
		private Duration requestTimeout = Duration.ofSeconds(15);

		/**
		 * How much of each response body is kept in the attempt log.
		 */
		private DataSize responseExcerptSize = DataSize.ofKilobytes(16);

		/**
		 * Largest payload (the event serialized as JSON) accepted when publishing.
		 */
		private DataSize maxPayloadSize = DataSize.ofKilobytes(256);

		/**
		 * Failed deliveries in a row (after all retries) that disable an endpoint; 0 never
		 * disables.
		 */
		private int disableAfterFailedDeliveries = 5;

		/**
		 * How long shutdown waits for requests in flight before releasing them.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(20);

		/**
		 * Link sent in thin payloads, with {type}, {resource} (the event type up to its
		 * first dot) and {id} (the event's ordering key) replaced, e.g.
		 * https://shop.example.com/api/{resource}s/{id}. No link when unset.
		 */
		private @Nullable String thinPayloadUrl;

		public @Nullable String getThinPayloadUrl() {
			return this.thinPayloadUrl;
		}

		public void setThinPayloadUrl(@Nullable String thinPayloadUrl) {
			this.thinPayloadUrl = thinPayloadUrl;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public int getEndpointConcurrency() {
			return this.endpointConcurrency;
		}

		public void setEndpointConcurrency(int endpointConcurrency) {
			this.endpointConcurrency = endpointConcurrency;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public DataSize getResponseExcerptSize() {
			return this.responseExcerptSize;
		}

		public void setResponseExcerptSize(DataSize responseExcerptSize) {
			this.responseExcerptSize = responseExcerptSize;
		}

		public DataSize getMaxPayloadSize() {
			return this.maxPayloadSize;
		}

		public void setMaxPayloadSize(DataSize maxPayloadSize) {
			this.maxPayloadSize = maxPayloadSize;
		}

		public int getDisableAfterFailedDeliveries() {
			return this.disableAfterFailedDeliveries;
		}

		public void setDisableAfterFailedDeliveries(int disableAfterFailedDeliveries) {
			this.disableAfterFailedDeliveries = disableAfterFailedDeliveries;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

	}

	public static class Retry {

		/**
		 * Wait before the first retry.
		 */
		private Duration initialInterval = Duration.ofSeconds(5);

		/**
		 * Growth of each following wait.
		 */
		private double multiplier = 6;

		/**
		 * Longest wait between two attempts.
		 */
		private Duration maxInterval = Duration.ofHours(10);

		/**
		 * Random share added to or removed from each wait, 0 to 1.
		 */
		private double jitter = 0.2;

		/**
		 * Retries after the first attempt before a delivery is marked failed.
		 */
		private int maxRetries = 7;

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
		}

	}

	public static class Retention {

		/**
		 * Whether old deliveries, attempts and events are deleted.
		 */
		private boolean enabled = true;

		/**
		 * How long delivered deliveries (and their attempts) are kept.
		 */
		private Duration delivered = Duration.ofDays(30);

		/**
		 * How long failed deliveries (and their attempts) are kept.
		 */
		private Duration failed = Duration.ofDays(90);

		/**
		 * How often old rows are looked for.
		 */
		private Duration interval = Duration.ofHours(1);

		/**
		 * Rows per chunk of the purge's walk (one delete statement each), so no table is
		 * locked for long.
		 */
		private int batchSize = 1000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getDelivered() {
			return this.delivered;
		}

		public void setDelivered(Duration delivered) {
			this.delivered = delivered;
		}

		public Duration getFailed() {
			return this.failed;
		}

		public void setFailed(Duration failed) {
			this.failed = failed;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

	}

	public static class Health {

		/**
		 * Due deliveries above which the webhooks health is DOWN.
		 */
		private long backlogThreshold = 10_000;

		public long getBacklogThreshold() {
			return this.backlogThreshold;
		}

		public void setBacklogThreshold(long backlogThreshold) {
			this.backlogThreshold = backlogThreshold;
		}

	}

	/**
	 * Telling the store owner when an endpoint starts failing, recovers, is disabled, or a
	 * delivery gives up: one message per change of state.
	 */
	public static class Alerts {

		/**
		 * Email addresses told of each change (sent through the application's JavaMailSender:
		 * spring-boot-starter-mail and spring.mail.host).
		 */
		private List<String> emailTo = new ArrayList<>();

		/**
		 * The sender address of alert emails.
		 */
		private String emailFrom = "ShopHooks <shophooks@localhost>";

		/**
		 * URL that receives operational webhooks (endpoint.failing, endpoint.recovered,
		 * endpoint.disabled, endpoint.enabled, delivery.exhausted), signed like every webhook;
		 * subject to the same address rules as endpoints.
		 */
		private @Nullable String webhookUrl;

		/**
		 * Signing secret (whsec_...) of the operational webhooks; required with webhook-url.
		 */
		private @Nullable String webhookSecret;

		/**
		 * Address of the admin UI as the owner reaches it (e.g.
		 * https://shop.example.com/admin/webhooks), for links in alerts.
		 */
		private @Nullable String adminUrl;

		public List<String> getEmailTo() {
			return this.emailTo;
		}

		public void setEmailTo(List<String> emailTo) {
			this.emailTo = emailTo;
		}

		public String getEmailFrom() {
			return this.emailFrom;
		}

		public void setEmailFrom(String emailFrom) {
			this.emailFrom = emailFrom;
		}

		public @Nullable String getWebhookUrl() {
			return this.webhookUrl;
		}

		public void setWebhookUrl(@Nullable String webhookUrl) {
			this.webhookUrl = webhookUrl;
		}

		public @Nullable String getWebhookSecret() {
			return this.webhookSecret;
		}

		public void setWebhookSecret(@Nullable String webhookSecret) {
			this.webhookSecret = webhookSecret;
		}

		public @Nullable String getAdminUrl() {
			return this.adminUrl;
		}

		public void setAdminUrl(@Nullable String adminUrl) {
			this.adminUrl = adminUrl;
		}

	}

	public static class Metrics {

		/**
		 * Whether delivery metrics carry an endpoint tag (one time series per endpoint; keep
		 * off with many endpoints).
		 */
		private boolean endpointTag = false;

		public boolean isEndpointTag() {
			return this.endpointTag;
		}

		public void setEndpointTag(boolean endpointTag) {
			this.endpointTag = endpointTag;
		}

	}

}
