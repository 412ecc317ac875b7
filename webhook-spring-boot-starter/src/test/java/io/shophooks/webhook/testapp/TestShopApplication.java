package io.shophooks.webhook.testapp;

import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import io.shophooks.webhook.WebhookEventMapper;
import io.shophooks.webhook.WebhookMessage;

@SpringBootApplication
public class TestShopApplication {

	@Bean
	WebhookEventMapper<PlatformOrderSubmitted> platformOrderSubmitted() {
		return new WebhookEventMapper<>() {

			@Override
			public WebhookMessage map(PlatformOrderSubmitted event) {
				return new WebhookMessage("order.submitted", Map.of("orderId", event.getOrderId()),
						Long.toString(event.getOrderId()));
			}

			@Override
			public List<EventTypeDefinition> eventTypes() {
				return List.of(new EventTypeDefinition("order.submitted", "The platform submitted an order",
						Map.of("orderId", 42)));
			}

		};
	}

}
