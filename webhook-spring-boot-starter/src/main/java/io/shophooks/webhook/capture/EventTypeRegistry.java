package io.shophooks.webhook.capture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.shophooks.webhook.InvalidWebhookException;
import io.shophooks.webhook.WebhookEvent;
import io.shophooks.webhook.endpoint.KnownEventTypes;
import io.shophooks.webhook.filter.EventTypePatterns;

/**
 * The event types of this shop: those annotated with {@link WebhookEvent} in the
 * application's packages, those declared by mappers, those published programmatically,
 * and {@code webhook.test}.
 */
public class EventTypeRegistry implements KnownEventTypes {

	/** The type of test events sent from the admin UI. */
	public static final String TEST_EVENT_TYPE = "webhook.test";

	/** The data of every test event, exactly what the catalog shows as its example. */
	public static final String TEST_EVENT_DATA = "{\"message\":\"This is a test event from ShopHooks\"}";

	private final Map<String, EventTypeDescriptor> types = new ConcurrentHashMap<>();

	private final JsonMapper jsonMapper;

	public EventTypeRegistry(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
		register(new EventTypeDescriptor(TEST_EVENT_TYPE, "A test event sent from the webhook admin", null,
				jsonMapper.writerWithDefaultPrettyPrinter().writeValueAsString(jsonMapper.readTree(TEST_EVENT_DATA))));
	}

	/**
	 * Register an annotated event class.
	 * @param eventClass a class annotated with {@link WebhookEvent}
	 * @return the descriptor
	 */
	public EventTypeDescriptor register(Class<?> eventClass) {
		WebhookEvent annotation = eventClass.getAnnotation(WebhookEvent.class);
		if (annotation == null) {
			throw new IllegalArgumentException(eventClass.getName() + " is not annotated with @WebhookEvent");
		}
		String type = annotation.value();
		checkType(type, eventClass.getName());
		EventTypeDescriptor existing = this.types.get(type);
		if (existing != null && existing.javaType() != null && existing.javaType() != eventClass) {
			throw new IllegalStateException("Event type '" + type + "' is declared by both "
					+ existing.javaType().getName() + " and " + eventClass.getName());
		}
		if (existing != null && existing.javaType() == eventClass) {
			return existing;
		}
		if (annotation.version() < 1) {
			throw new IllegalStateException("@WebhookEvent(version) of " + eventClass.getName() + " must be 1 or more");
		}
		EventTypeDescriptor descriptor = new EventTypeDescriptor(type, annotation.description(), eventClass,
				safeExample(eventClass), annotation.version(), List.of(annotation.changes()),
				JsonSchemas.forClass(type, annotation.description(), annotation.version(), eventClass));
		this.types.put(type, descriptor);
		return descriptor;
	}

	/**
	 * Register a descriptor, keeping an existing one with a Java type.
	 * @param descriptor the descriptor
	 */
	public void register(EventTypeDescriptor descriptor) {
		checkType(descriptor.type(), descriptor.type());
		this.types.merge(descriptor.type(), descriptor,
				(existing, added) -> (existing.javaType() != null) ? existing : added);
	}

	/**
	 * Make sure a programmatically published type is known.
	 * @param type the event type
	 */
	void ensureRegistered(String type) {
		if (!this.types.containsKey(type)) {
			if (!EventTypePatterns.isValidType(type)) {
				throw new InvalidWebhookException("type", "'" + type
						+ "' is not a valid event type: use lower-case words separated by dots, e.g. order.approved");
			}
			this.types.putIfAbsent(type, new EventTypeDescriptor(type, "", null, null));
		}
	}

	public Optional<EventTypeDescriptor> find(String type) {
		return Optional.ofNullable(this.types.get(type));
	}

	/**
	 * The payload version of a type, 1 when unknown.
	 * @param type the event type
	 * @return the version
	 */
	public int version(String type) {
		EventTypeDescriptor descriptor = this.types.get(type);
		return (descriptor != null) ? descriptor.version() : 1;
	}

	@Override
	public boolean isKnown(String type) {
		return this.types.containsKey(type);
	}

	@Override
	public List<String> names() {
		return all().stream().map(EventTypeDescriptor::type).toList();
	}

	/**
	 * Every known event type, sorted by name.
	 * @return the event types
	 */
	public List<EventTypeDescriptor> all() {
		List<EventTypeDescriptor> all = new ArrayList<>(this.types.values());
		all.sort(Comparator.comparing(EventTypeDescriptor::type));
		return all;
	}

	private static void checkType(String type, String declaredBy) {
		if (!EventTypePatterns.isValidType(type)) {
			throw new IllegalStateException("Event type '" + type + "' of " + declaredBy
					+ " is invalid: use lower-case words separated by dots, e.g. order.approved");
		}
	}

	private @Nullable String safeExample(Class<?> eventClass) {
		try {
			return ExamplePayloads.of(eventClass, this.jsonMapper);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
