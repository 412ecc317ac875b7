package io.shophooks.webhook;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Turns events of a type the shop does not own (a platform's events) into webhooks.
 * Declare an implementation as a bean; the event class is taken from the type argument.
 *
 * <pre>{@code
 * @Bean
 * WebhookEventMapper<OrderSubmittedEvent> orderSubmitted() {
 *     return event -> new WebhookMessage("order.approved", Map.of("orderId", event.getOrderId()), null);
 * }
 * }</pre>
 *
 * @param <E> the event type mapped
 */
@FunctionalInterface
public interface WebhookEventMapper<E> {

	/**
	 * Map one event.
	 * @param event the published event
	 * @return the webhook to write, or {@code null} to skip this event
	 */
	@Nullable WebhookMessage map(E event);

	/**
	 * The event class this mapper handles, when it cannot be read from the type argument
	 * (for example a class only some versions of a platform have, found by name).
	 * @return the event class, or {@code null} to use the type argument
	 */
	default @Nullable Class<?> eventClass() {
		return null;
	}

	/**
	 * The event types this mapper produces, listed in the event type registry.
	 * @return the types with their descriptions
	 */
	default List<EventTypeDefinition> eventTypes() {
		return List.of();
	}

	/**
	 * An event type a mapper declares.
	 *
	 * @param type the event type
	 * @param description a one-sentence description
	 * @param example an example payload, or {@code null}
	 */
	record EventTypeDefinition(String type, String description, @Nullable Object example) {
	}

}
