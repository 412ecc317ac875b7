package io.shophooks.webhook.admin.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.shophooks.webhook.DeliveryStatus;
import io.shophooks.webhook.Internal;
import io.shophooks.webhook.admin.AdminPage;
import io.shophooks.webhook.admin.AdminTimes;
import io.shophooks.webhook.admin.WebhookAdminProperties;
import io.shophooks.webhook.autoconfigure.WebhookProperties;
import io.shophooks.webhook.capture.EventTypeRegistry;
import io.shophooks.webhook.deliveries.Delivery;
import io.shophooks.webhook.deliveries.DeliveryFilter;
import io.shophooks.webhook.deliveries.DeliveryService;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.send.OutgoingRequest;

/**
 * The delivery log and the delivery detail: every attempt, the exact request, copy as
 * cURL, replay.
 */
@Internal
@Controller
@RequestMapping("${shophooks.webhook.admin.path:/admin/webhooks}/deliveries")
public class DeliveryController extends AdminPage {

	static final int PAGE_SIZE = 25;

	private final DeliveryService deliveries;

	private final EndpointService endpoints;

	private final EventTypeRegistry eventTypes;

	private final WebhookProperties engine;

	private final io.shophooks.webhook.dispatch.RetryPolicy retries;

	private final Clock clock;

	public DeliveryController(WebhookAdminProperties properties, DeliveryService deliveries,
			EndpointService endpoints, EventTypeRegistry eventTypes, WebhookProperties engine,
			io.shophooks.webhook.dispatch.RetryPolicy retries, Clock clock) {
		super(properties);
		this.engine = engine;
		this.retries = retries;
		this.clock = clock;
		this.deliveries = deliveries;
		this.endpoints = endpoints;
		this.eventTypes = eventTypes;
	}

	@GetMapping
	String list(@RequestParam(required = false) @Nullable Long endpoint,
			@RequestParam(required = false) @Nullable DeliveryStatus status,
			@RequestParam(required = false) @Nullable String type,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable LocalDateTime since,
			@RequestParam(required = false) @Nullable Long before, Model model) {
		String eventType = (type != null && !type.isBlank()) ? type : null;
		DeliveryFilter filter = new DeliveryFilter(endpoint, status, eventType,
				(since != null) ? since.toInstant(ZoneOffset.UTC) : null, before, PAGE_SIZE + 1);
		List<Delivery> page = this.deliveries.list(filter);
		boolean more = page.size() > PAGE_SIZE;
		List<Delivery> shown = more ? page.subList(0, PAGE_SIZE) : page;
		model.addAttribute("deliveries", shown);
		model.addAttribute("nextBefore", more ? shown.get(shown.size() - 1).id() : null);
		model.addAttribute("endpoints", this.endpoints.list());
		model.addAttribute("statuses", DeliveryStatus.values());
		model.addAttribute("eventTypes", this.eventTypes.all());
		model.addAttribute("filterEndpoint", endpoint);
		model.addAttribute("filterStatus", status);
		model.addAttribute("filterType", eventType);
		model.addAttribute("filterSince", since);
		model.addAttribute("retentionEnabled", this.engine.getRetention().isEnabled());
		model.addAttribute("keptDeliveredDays", this.engine.getRetention().getDelivered().toDays());
		model.addAttribute("keptFailedDays", this.engine.getRetention().getFailed().toDays());
		return "shophooks/delivery-list";
	}

	@GetMapping("/{id}")
	String show(@PathVariable long id, Model model) {
		Delivery delivery = this.deliveries.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No delivery " + id));
		model.addAttribute("delivery", delivery);
		model.addAttribute("endpoint", this.endpoints.find(delivery.endpointId()).orElse(null));
		List<io.shophooks.webhook.deliveries.Attempt> attempts = this.deliveries.attempts(id);
		model.addAttribute("attempts", attempts);
		model.addAttribute("heldBackBy", this.deliveries.heldBackBy(id).orElse(null));
		model.addAttribute("progress", Progress.of(delivery, this.retries, this.clock.instant()));
		OutgoingRequest request = this.deliveries.request(id).orElse(null);
		if (request != null) {
			// the exact request is the one sent, as recorded with the last attempt (its URL and
			// headers, the signature of that attempt); the body is the event rendered the same way
			io.shophooks.webhook.deliveries.Attempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
			if (last != null) {
				model.addAttribute("requestNote", "shophooks.delivery.requestSent");
				model.addAttribute("requestUrl", last.requestUrl());
				model.addAttribute("requestHeaders", List.of(last.requestHeaders().strip().split("\n")));
			}
			else {
				// on the wire now, or not yet: shown as it is (or will be) sent, unsigned here
				model.addAttribute("requestNote", delivery.inFlight() ? "shophooks.delivery.requestSending"
						: "shophooks.delivery.requestNotSent");
				model.addAttribute("requestUrl", request.displayUrl());
				model.addAttribute("requestHeaders", request.headers().entrySet().stream()
					.map(e -> e.getKey() + ": "
							+ (e.getKey().equalsIgnoreCase("Authorization") ? "Basic ****" : e.getValue()))
					.toList());
			}
			model.addAttribute("requestBody", BodyView.of(request.headers().get("Content-Type"), request.body()));
			model.addAttribute("curl", CurlCommand.of(request));
		}
		return "shophooks/delivery-detail";
	}

	/**
	 * Where a delivery still being retried stands, in the words and times the page shows.
	 *
	 * @param attempt the number of the next attempt (the one being sent, when sending)
	 * @param of how many attempts there are at most
	 * @param nextAt when the next attempt is due (UTC, to the minute)
	 * @param inMinutes how many minutes from now, 0 when due or being sent
	 * @param givesUpAt when the last attempt goes out if every one fails, about (UTC)
	 * @param sending whether an instance is sending the attempt now (its due time is then
	 * the end of that instance's lease, not a time to show)
	 */
	public record Progress(int attempt, int of, String nextAt, long inMinutes, String givesUpAt, boolean sending) {

		static @Nullable Progress of(Delivery delivery, io.shophooks.webhook.dispatch.RetryPolicy retries,
				Instant now) {
			if (delivery.status() != io.shophooks.webhook.DeliveryStatus.PENDING) {
				return null;
			}
			Instant due = delivery.inFlight() ? now : delivery.nextAttemptAt();
			long minutes = Math.max(0, Duration.between(now, due).toSeconds() + 59) / 60;
			return new Progress(delivery.attemptCount() + 1, retries.maxRetries() + 1, AdminTimes.minute(due),
					minutes, AdminTimes.minute(retries.lastAttemptAbout(delivery.attemptCount(), due)),
					delivery.inFlight());
		}

	}

	@PostMapping("/{id}/replay")
	String replay(@PathVariable long id, RedirectAttributes redirect) {
		boolean scheduled = this.deliveries.replay(id);
		redirect.addFlashAttribute("message",
				scheduled ? "shophooks.delivery.replayed" : "shophooks.delivery.alreadyPending");
		return redirect("/deliveries/" + id);
	}

	@PostMapping("/{id}/retry-now")
	String retryNow(@PathVariable long id, RedirectAttributes redirect) {
		boolean due = this.deliveries.retryNow(id);
		redirect.addFlashAttribute("message", due ? "shophooks.delivery.retriedNow" : "shophooks.delivery.notWaiting");
		return redirect("/deliveries/" + id);
	}

}
