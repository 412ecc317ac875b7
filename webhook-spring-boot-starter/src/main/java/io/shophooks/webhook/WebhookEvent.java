package io.shophooks.webhook;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a shop's event type as a webhook. Publishing an instance with Spring's
 * {@code ApplicationEventPublisher} writes it to the webhook outbox in the publisher's
 * transaction; after commit it is delivered to every endpoint subscribed to
 * {@link #value()}.
 *
 * <pre>{@code
 * @WebhookEvent(value = "order.approved", description = "An order was approved for fulfilment")
 * public record OrderApproved(@WebhookOrderingKey String orderId, BigDecimal total) { }
 * }</pre>
 *
 * The whole event object is serialized with Jackson as the {@code data} of the webhook.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WebhookEvent {

	/**
	 * The event type, lower case and dot separated, e.g. {@code order.approved}.
	 * @return the event type
	 */
	String value();

	/**
	 * A one-sentence description shown to store owners when they pick event types.
	 * @return the description
	 */
	String description() default "";

}
