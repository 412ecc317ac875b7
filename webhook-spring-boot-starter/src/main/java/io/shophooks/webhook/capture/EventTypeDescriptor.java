package io.shophooks.webhook.capture;

import org.jspecify.annotations.Nullable;

/**
 * An event type store owners can subscribe to.
 *
 * @param type the event type, e.g. {@code order.approved}
 * @param description a one-sentence description
 * @param javaType the Java type published for it, or {@code null} when unknown
 * @param example an example payload as JSON, or {@code null} when none could be built
 */
public record EventTypeDescriptor(String type, String description, @Nullable Class<?> javaType,
		@Nullable String example) {

}
