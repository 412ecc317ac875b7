package io.shophooks.webhook;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the record component, field or no-argument method of a {@link WebhookEvent}
 * whose value is the event's ordering key (for example the order id), stored with the
 * event so that deliveries for the same aggregate can be ordered.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT })
public @interface WebhookOrderingKey {

}
