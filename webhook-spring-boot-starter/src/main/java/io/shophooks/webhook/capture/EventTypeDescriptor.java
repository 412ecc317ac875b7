package io.shophooks.webhook.capture;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An event type store owners can subscribe to.
 *
 * @param type the event type, e.g. {@code order.approved}
 * @param description a one-sentence description
 * @param javaType the Java type published for it, or {@code null} when unknown
 * @param example an example payload as JSON, or {@code null} when none could be built
 * @param version the payload version
 * @param changes what changed in each version, newest first
 * @param schema the payload's JSON Schema, generated from the Java type (or inferred from
 * the example when there is no Java type), or {@code null}
 */
public record EventTypeDescriptor(String type, String description, @Nullable Class<?> javaType,
		@Nullable String example, int version, List<String> changes, @Nullable String schema) {

	public EventTypeDescriptor {
		changes = (changes != null) ? List.copyOf(changes) : List.of();
	}

	/**
	 * A version 1 type whose schema is inferred from its example.
	 * @param type the event type
	 * @param description the description
	 * @param javaType the Java type or {@code null}
	 * @param example the example JSON or {@code null}
	 */
	public EventTypeDescriptor(String type, String description, @Nullable Class<?> javaType,
			@Nullable String example) {
		this(type, description, javaType, example, 1, List.of(),
				(example != null) ? JsonSchemas.fromExample(type, description, 1, example) : null);
	}

}
