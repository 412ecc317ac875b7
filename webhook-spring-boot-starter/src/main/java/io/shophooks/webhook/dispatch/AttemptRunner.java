package io.shophooks.webhook.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.shophooks.webhook.endpoint.EndpointTarget;
import io.shophooks.webhook.outbox.DeliveryRepository;
import io.shophooks.webhook.outbox.DeliveryRepository.ClaimedDelivery;
import io.shophooks.webhook.outbox.DeliveryRepository.Completion;
import io.shophooks.webhook.outbox.DeliveryRepository.NewAttempt;
import io.shophooks.webhook.send.OutgoingRequest;
import io.shophooks.webhook.send.SendResult;
import io.shophooks.webhook.send.WebhookRequestFactory;
import io.shophooks.webhook.send.WebhookSender;

/**
 * One attempt, on a worker: build the request (body, signature, credentials), send it
 * through the observers, decide what the answer means ({@link OutcomeRules}), and hand
 * the finished attempt to the {@link CompletionWriter}. A test event is recorded at once
 * instead, and its answer returned to the store owner who sent it.
 */
final class AttemptRunner {

	private static final Log logger = LogFactory.getLog(AttemptRunner.class);

	private final WebhookRequestFactory requests;

	private final WebhookSender sender;

	private final OutcomeRules rules;

	private final CompletionWriter writer;

	private final DeliveryRepository repository;

	private final Clock clock;

	private final String owner;

	private volatile DeliveryObserver observer = DeliveryObserver.NONE;

	AttemptRunner(WebhookRequestFactory requests, WebhookSender sender, OutcomeRules rules, CompletionWriter writer,
			DeliveryRepository repository, Clock clock, String owner) {
		this.requests = requests;
		this.sender = sender;
		this.rules = rules;
		this.writer = writer;
		this.repository = repository;
		this.clock = clock;
		this.owner = owner;
	}

	void setObserver(DeliveryObserver observer) {
		this.observer = observer;
	}

	/**
	 * Send one claimed delivery and queue (or, for a test event, write) its attempt and
	 * the delivery's new state.
	 * @param delivery the claimed delivery
	 * @param target the endpoint
	 * @param test whether this is a test event (no retries, no effect on the endpoint)
	 * @return the attempt
	 */
	NewAttempt attempt(ClaimedDelivery delivery, EndpointTarget target, boolean test) {
		Instant startedAt = this.clock.instant();
		OutgoingRequest request = this.requests.create(target, delivery.event());
		SendResult result = this.observer.observeSend(target, request, delivery.event().type(),
				() -> this.sender.send(request));
		Instant finishedAt = this.clock.instant();
		OutcomeRules.Decision decision = this.rules.decide(delivery, result, finishedAt, test);
		NewAttempt attempt = new NewAttempt(delivery.attemptCount() + 1, startedAt, result.durationMillis(),
				request.displayUrl(), headerLines(request.headers(), true), result.statusCode(),
				result.responseHeaders().isEmpty() ? null : headerLines(result.responseHeaders(), false),
				result.responseExcerpt(), result.error(), decision.label());
		this.observer.attempted(target, delivery.event().type(), decision.label(), result,
				result.isSuccess() ? Duration.between(delivery.event().createdAt(), finishedAt) : null);
		if (test) {
			if (!this.repository.complete(delivery, this.owner, decision.outcome(), attempt)) {
				logger.warn("ShopHooks lost the claim on test delivery " + delivery.id());
			}
			return attempt;
		}
		this.writer.add(new Completion(delivery, decision.outcome(), attempt, target.id(), decision.kind()));
		return attempt;
	}

	static final int MAX_STORED_HEADERS = 16 * 1024;

	/**
	 * Headers as stored with an attempt, one per line; credentials masked in requests; at
	 * most {@link #MAX_STORED_HEADERS} characters, since a receiver may answer with headers
	 * of any size.
	 */
	private static String headerLines(Map<String, String> headers, boolean maskCredentials) {
		StringBuilder lines = new StringBuilder();
		headers.forEach((name, value) -> {
			String shown = (maskCredentials && name.equalsIgnoreCase("Authorization"))
					? value.substring(0, Math.max(0, value.indexOf(' ') + 1)) + "****" : value;
			lines.append(name).append(": ").append(shown).append('\n');
		});
		if (lines.length() > MAX_STORED_HEADERS) {
			int cut = lines.length() - MAX_STORED_HEADERS;
			lines.setLength(MAX_STORED_HEADERS);
			lines.append("\n... (").append(cut).append(" more characters not kept)\n");
		}
		return lines.toString();
	}

}
