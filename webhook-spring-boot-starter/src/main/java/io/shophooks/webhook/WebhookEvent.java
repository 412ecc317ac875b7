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

	/**
	 * The payload version, sent as {@code version} in every webhook of this type. Raise
	 * it whenever the payload's shape changes (a schema snapshot test fails until you do),
	 * and say what changed in {@link #changes()}.
	 * @return the payload version, 1 or more
	 */
	int version() default 1;

	/**
	 * What changed in each version, newest first, e.g.
	 * {@code "2: total is a number, no longer a string"}; shown in the event catalog.
	 * @return the changelog
	 */
	String[] changes() default {};

}
