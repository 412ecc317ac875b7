package io.shophooks.webhook.capture;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.WebhookEvent;
import io.shophooks.webhook.WebhookEventMapper;
import io.shophooks.webhook.WebhookMessage;
import io.shophooks.webhook.WebhookOrderingKey;
import io.shophooks.webhook.WebhookPublisher;

/**
 * Listens to every application event, synchronously and in the publisher's thread, and
 * writes those annotated with {@link WebhookEvent} or handled by a
 * {@link WebhookEventMapper} to the outbox, inside the publisher's transaction.
 */
@Internal
public class WebhookEventCapture implements GenericApplicationListener {

	private static final Function<Object, @Nullable WebhookMessage> IGNORE = event -> null;

	private final WebhookPublisher publisher;

	private final EventTypeRegistry registry;

	private final List<MapperRegistration> mappers;

	private final Map<Class<?>, Function<Object, @Nullable WebhookMessage>> handlers = new ConcurrentHashMap<>();

	public WebhookEventCapture(WebhookPublisher publisher, EventTypeRegistry registry,
			List<MapperRegistration> mappers) {
		this.publisher = publisher;
		this.registry = registry;
		this.mappers = List.copyOf(mappers);
	}

	@Override
	public boolean supportsEventType(ResolvableType eventType) {
		return true;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		Object payload = (event instanceof PayloadApplicationEvent<?> payloadEvent) ? payloadEvent.getPayload() : event;
		WebhookMessage message = this.handlers.computeIfAbsent(payload.getClass(), this::handlerFor).apply(payload);
		if (message != null) {
			this.publisher.publish(message);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

	private Function<Object, @Nullable WebhookMessage> handlerFor(Class<?> type) {
		WebhookEvent annotation = type.getAnnotation(WebhookEvent.class);
		if (annotation != null) {
			this.registry.register(type);
			String eventType = annotation.value();
			Function<Object, @Nullable String> key = orderingKeyReader(type);
			return event -> new WebhookMessage(eventType, event, key.apply(event));
		}
		for (MapperRegistration registration : this.mappers) {
			if (registration.eventClass().isAssignableFrom(type)) {
				@SuppressWarnings("unchecked")
				WebhookEventMapper<Object> mapper = (WebhookEventMapper<Object>) registration.mapper();
				return mapper::map;
			}
		}
		return IGNORE;
	}

	static Function<Object, @Nullable String> orderingKeyReader(Class<?> type) {
		AccessibleObject accessor = null;
		if (type.isRecord()) {
			for (RecordComponent component : type.getRecordComponents()) {
				if (component.isAnnotationPresent(WebhookOrderingKey.class)) {
					accessor = component.getAccessor();
				}
			}
		}
		if (accessor == null) {
			for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type)) {
				if (method.isAnnotationPresent(WebhookOrderingKey.class) && method.getParameterCount() == 0) {
					accessor = method;
				}
			}
		}
		if (accessor == null) {
			Field[] holder = new Field[1];
			ReflectionUtils.doWithFields(type, field -> holder[0] = field,
					field -> field.isAnnotationPresent(WebhookOrderingKey.class));
			accessor = holder[0];
		}
		if (accessor == null) {
			return event -> null;
		}
		if (accessor instanceof Method method) {
			ReflectionUtils.makeAccessible(method);
		}
		else if (accessor instanceof Field field) {
			ReflectionUtils.makeAccessible(field);
		}
		AccessibleObject target = accessor;
		return event -> {
			Object value = (target instanceof Method method) ? ReflectionUtils.invokeMethod(method, event)
					: ReflectionUtils.getField((Field) target, event);
			return (value != null) ? value.toString() : null;
		};
	}

	/**
	 * A mapper bean and the event class it handles.
	 *
	 * @param eventClass the event class
	 * @param mapper the mapper
	 */
	public record MapperRegistration(Class<?> eventClass, WebhookEventMapper<?> mapper) {
	}

}
