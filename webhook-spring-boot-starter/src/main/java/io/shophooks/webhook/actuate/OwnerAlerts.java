package io.shophooks.webhook.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.capture.EventIds;
import io.shophooks.webhook.endpoint.BodyFormat;
import io.shophooks.webhook.endpoint.DeliveryExhausted;
import io.shophooks.webhook.endpoint.DeliveryOptions;
import io.shophooks.webhook.endpoint.EndpointDisabled;
import io.shophooks.webhook.endpoint.EndpointEnabled;
import io.shophooks.webhook.endpoint.EndpointFailing;
import io.shophooks.webhook.endpoint.EndpointRecovered;
import io.shophooks.webhook.endpoint.EndpointTarget;
import io.shophooks.webhook.outbox.StoredEvent;
import io.shophooks.webhook.send.OutgoingRequest;
import io.shophooks.webhook.send.SendResult;
import io.shophooks.webhook.send.WebhookRequestFactory;
import io.shophooks.webhook.send.WebhookSender;

/**
 * Tells the store owner about an endpoint's changes of state, once per change (the events
 * are published once, by the instance that made the change): by email, by an operational
 * webhook signed like every other, or both. Sent on a thread of its own, so a slow mail
 * server or alert receiver never holds the recording of deliveries; an operational
 * webhook that fails is tried again a few times (1 s, 10 s, 60 s, 5 min).
 * <p>
 * Operational webhook types: {@code endpoint.failing}, {@code endpoint.recovered},
 * {@code endpoint.disabled}, {@code endpoint.enabled}, {@code delivery.exhausted}.
 */
@Internal
public class OwnerAlerts implements DisposableBean {

	private static final Log logger = LogFactory.getLog(OwnerAlerts.class);

	private static final List<Duration> RETRIES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(10),
			Duration.ofMinutes(1), Duration.ofMinutes(5));

	/** Sends one alert email. */
	@FunctionalInterface
	public interface Mail {

		/**
		 * @param subject the subject
		 * @param text the text
		 */
		void send(String subject, String text);

	}

	private final @Nullable Mail mail;

	private final @Nullable EndpointTarget webhook;

	private final WebhookSender sender;

	private final WebhookRequestFactory requests;

	private final Clock clock;

	private final @Nullable String adminUrl;

	private final ScheduledExecutorService executor;

	/**
	 * @param mail sends emails, or {@code null} for none
	 * @param webhookUrl the operational webhook's URL, or {@code null} for none
	 * @param webhookSecret its signing secret
	 * @param sender the sender every webhook goes through
	 * @param requests builds and signs requests
	 * @param clock the clock
	 * @param adminUrl the admin's address for links, or {@code null}
	 */
	public OwnerAlerts(@Nullable Mail mail, @Nullable String webhookUrl, @Nullable String webhookSecret,
			WebhookSender sender, WebhookRequestFactory requests, Clock clock, @Nullable String adminUrl) {
		this.mail = mail;
		this.webhook = (webhookUrl != null && !webhookUrl.isBlank())
				? new EndpointTarget(0, webhookUrl.trim(), BodyFormat.JSON, null, null, null, null,
						(webhookSecret != null) ? List.of(webhookSecret) : List.of(), true, 1, List.of("*"), false,
						DeliveryOptions.DEFAULT, null, false, false)
				: null;
		this.sender = sender;
		this.requests = requests;
		this.clock = clock;
		this.adminUrl = (adminUrl != null && adminUrl.endsWith("/")) ? adminUrl.substring(0, adminUrl.length() - 1)
				: adminUrl;
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
			Thread thread = new Thread(runnable, "shophooks-alerts");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		this.executor = executor;
	}

	@EventListener
	public void endpointFailing(EndpointFailing event) {
		Map<String, Object> data = endpoint(event.endpointId(), event.name(), event.url());
		data.put("since", event.since().toString());
		data.put("error", event.error());
		alert("endpoint.failing", "Webhook endpoint '" + event.name() + "' is failing",
				"Deliveries to the webhook endpoint '" + event.name() + "' (" + event.url() + ") are failing since "
						+ event.since() + ": " + event.error() + ".\n\nShopHooks keeps retrying them. Once the "
						+ "receiver works again, use 'Send everything waiting now' on the endpoint's page.",
				event.endpointId(), data, true);
	}

	@EventListener
	public void endpointRecovered(EndpointRecovered event) {
		Map<String, Object> data = endpoint(event.endpointId(), event.name(), event.url());
		data.put("failingSince", event.failingSince().toString());
		data.put("at", event.at().toString());
		alert("endpoint.recovered", "Webhook endpoint '" + event.name() + "' delivers again",
				"The webhook endpoint '" + event.name() + "' (" + event.url() + ") accepted a delivery at " + event.at()
						+ ", after failing since " + event.failingSince() + ".",
				event.endpointId(), data, true);
	}

	@EventListener
	public void endpointDisabled(EndpointDisabled event) {
		Map<String, Object> data = endpoint(event.endpointId(), event.name(), event.url());
		data.put("reason", event.reason());
		data.put("automatic", event.automatic());
		data.put("at", event.at().toString());
		// an owner who switched it off knows; ShopHooks switching it off is news
		alert("endpoint.disabled", "Webhook endpoint '" + event.name() + "' was disabled",
				"ShopHooks disabled the webhook endpoint '" + event.name() + "' (" + event.url() + ") at "
						+ event.at() + ": " + event.reason() + ".\n\nNothing is sent to it until it is enabled "
						+ "again; what waits for it is sent then.",
				event.endpointId(), data, event.automatic());
	}

	@EventListener
	public void endpointEnabled(EndpointEnabled event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("endpointId", event.endpointId());
		data.put("name", event.name());
		data.put("at", event.at().toString());
		alert("endpoint.enabled", "Webhook endpoint '" + event.name() + "' was enabled", "", event.endpointId(), data,
				false);
	}

	@EventListener
	public void deliveryExhausted(DeliveryExhausted event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("deliveryId", event.deliveryId());
		data.put("endpointId", event.endpointId());
		data.put("endpointName", event.endpointName());
		data.put("eventId", event.eventId());
		data.put("eventType", event.eventType());
		data.put("attempts", event.attempts());
		data.put("error", event.error());
		data.put("at", event.at().toString());
		alert("delivery.exhausted", "A " + event.eventType() + " webhook to '" + event.endpointName() + "' gave up",
				"ShopHooks gave up delivering " + event.eventType() + " (" + event.eventId() + ") to '"
						+ event.endpointName() + "' after " + event.attempts() + " attempts: " + event.error()
						+ ".\n\nReplay it from the delivery's page once the receiver works.",
				event.endpointId(), data, true);
	}

	private static Map<String, Object> endpoint(long id, String name, String url) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("endpointId", id);
		data.put("name", name);
		data.put("url", url);
		return data;
	}

	private void alert(String type, String subject, String text, long endpointId, Map<String, Object> data,
			boolean email) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		if (email && this.mail != null) {
			String link = (this.adminUrl != null) ? "\n\n" + this.adminUrl + "/endpoints/" + endpointId : "";
			this.executor.execute(() -> sendMail("[ShopHooks] " + subject, text + link));
		}
		if (this.webhook != null) {
			StoredEvent event = new StoredEvent(EventIds.next(now.toEpochMilli()), type,
					JsonMapper.shared().writeValueAsString(data), now, null, 1);
			this.executor.execute(() -> post(event, 0));
		}
	}

	private void sendMail(String subject, String text) {
		try {
			this.mail.send(subject, text);
		}
		catch (RuntimeException ex) {
			logger.warn("ShopHooks could not send the alert email '" + subject + "': " + ex.getMessage());
		}
	}

	private void post(StoredEvent event, int tried) {
		SendResult result;
		try {
			OutgoingRequest request = this.requests.create(this.webhook, event);
			result = this.sender.send(request);
		}
		catch (RuntimeException ex) {
			result = SendResult.failed(ex.toString(), 0);
		}
		if (result.isSuccess()) {
			return;
		}
		String problem = (result.error() != null) ? result.error() : "HTTP " + result.statusCode();
		if (tried < RETRIES.size() && !this.executor.isShutdown()) {
			this.executor.schedule(() -> post(event, tried + 1), RETRIES.get(tried).toMillis(), TimeUnit.MILLISECONDS);
			return;
		}
		logger.warn("ShopHooks could not send the operational webhook " + event.type() + " (" + event.id()
				+ ") after " + (tried + 1) + " attempts: " + problem);
	}

	@Override
	public void destroy() {
		this.executor.shutdown();
	}

}
