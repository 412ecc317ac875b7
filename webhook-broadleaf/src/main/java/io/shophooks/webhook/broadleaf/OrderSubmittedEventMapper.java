package io.shophooks.webhook.broadleaf;

import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import io.shophooks.webhook.WebhookEventMapper;
import io.shophooks.webhook.WebhookMessage;

/**
 * Maps Broadleaf 4.0+'s {@code OrderSubmittedEvent(source, orderId, orderNumber)} to a
 * thin {@code order.submitted} webhook (the order's id and number; receivers fetch the
 * rest). Found by class name, so this module compiles against Broadleaf 3.1, which does
 * not have the event.
 */
public class OrderSubmittedEventMapper implements WebhookEventMapper<Object> {

	/** The event's class in Broadleaf 4.0 and later. */
	public static final String EVENT_CLASS = "org.broadleafcommerce.common.event.OrderSubmittedEvent";

	private final Class<?> eventClass;

	private final Method orderId;

	private final Method orderNumber;

	public OrderSubmittedEventMapper(ClassLoader classLoader) {
		this.eventClass = ClassUtils.resolveClassName(EVENT_CLASS, classLoader);
		this.orderId = ReflectionUtils.findMethod(this.eventClass, "getOrderId");
		this.orderNumber = ReflectionUtils.findMethod(this.eventClass, "getOrderNumber");
	}

	static boolean isPresent(ClassLoader classLoader) {
		return ClassUtils.isPresent(EVENT_CLASS, classLoader);
	}

	@Override
	public Class<?> eventClass() {
		return this.eventClass;
	}

	@Override
	public @Nullable WebhookMessage map(Object event) {
		Object id = (this.orderId != null) ? ReflectionUtils.invokeMethod(this.orderId, event) : null;
		Object number = (this.orderNumber != null) ? ReflectionUtils.invokeMethod(this.orderNumber, event) : null;
		return new WebhookMessage("order.submitted", new OrderSubmitted((id != null) ? id.toString() : null,
				(number != null) ? number.toString() : null), (id != null) ? id.toString() : null);
	}

	@Override
	public List<EventTypeDefinition> eventTypes() {
		return List.of(new EventTypeDefinition("order.submitted",
				"An order was submitted (Broadleaf 4.0+ OrderSubmittedEvent; id and number only)",
				new OrderSubmitted("1001", "O-1001")));
	}

	/**
	 * The thin payload of {@code order.submitted}.
	 *
	 * @param orderId the order id
	 * @param orderNumber the order number
	 */
	public record OrderSubmitted(@Nullable String orderId, @Nullable String orderNumber) {
	}

}
