package io.shophooks.webhook.capture;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import io.shophooks.webhook.WebhookEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCatalogTests {

	@WebhookEvent(value = "order.shipped", description = "An order left the warehouse")
	record OrderShipped(String orderId, @Nullable String carrier, int parcels, BigDecimal weight, Instant shippedAt,
			List<Parcel> contents, Map<String, String> labels, Optional<String> note, Status status) {
	}

	record Parcel(String sku, long quantity) {
	}

	enum Status {
		SHIPPED, PARTLY_SHIPPED
	}

	@Test
	void schemaIsGeneratedFromTheJavaType() {
		EventTypeRegistry registry = new EventTypeRegistry(JsonMapper.shared());
		EventTypeDescriptor type = registry.register(OrderShipped.class);
		assertThat(JsonMapper.shared().readTree(type.schema())).isEqualTo(JsonMapper.shared().readTree("""
				{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:shophooks:event:order.shipped:v1",
				 "title":"order.shipped","description":"An order left the warehouse","type":"object",
				 "properties":{"orderId":{"type":"string"},"carrier":{"type":"string"},"parcels":{"type":"integer"},
				   "weight":{"type":"number"},"shippedAt":{"type":"string","format":"date-time"},
				   "contents":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"},
				     "quantity":{"type":"integer"}},"required":["sku","quantity"]}},
				   "labels":{"type":"object","additionalProperties":{"type":"string"}},"note":{"type":"string"},
				   "status":{"type":"string","enum":["SHIPPED","PARTLY_SHIPPED"]}},
				 "required":["orderId","parcels","weight","shippedAt","contents","labels","status"]}"""));
		assertThat(type.version()).isEqualTo(1);
	}

	@WebhookEvent("refund.issued")
	record RefundV1(String orderId, BigDecimal amount) {
	}

	@WebhookEvent("refund.issued")
	record RefundV1WithAnExtraField(String orderId, BigDecimal amount, String reason) {
	}

	@WebhookEvent(value = "refund.issued", version = 2, changes = "2: reason added")
	record RefundV2(String orderId, BigDecimal amount, String reason) {
	}

	@Test
	void aSchemaChangeWithoutAVersionBumpFailsAndABumpPasses(@TempDir Path snapshots) throws Exception {
		WebhookSchemaSnapshots.verify(registryOf(RefundV1.class), snapshots);
		assertThat(snapshots.resolve("refund.issued.v1.schema.json")).exists();
		// the same type again: nothing changed, nothing to say
		WebhookSchemaSnapshots.verify(registryOf(RefundV1.class), snapshots);

		assertThatThrownBy(() -> WebhookSchemaSnapshots.verify(registryOf(RefundV1WithAnExtraField.class), snapshots))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("refund.issued")
			.hasMessageContaining("@WebhookEvent(version) is still 1")
			.hasMessageContaining("raise the version to 2");

		WebhookSchemaSnapshots.verify(registryOf(RefundV2.class), snapshots);
		assertThat(Files.readString(snapshots.resolve("refund.issued.v2.schema.json")))
			.contains("urn:shophooks:event:refund.issued:v2")
			.contains("\"reason\"");
		assertThat(registryOf(RefundV2.class).find("refund.issued").orElseThrow().changes())
			.containsExactly("2: reason added");
	}

	@Test
	void typesWithoutAJavaClassGetASchemaInferredFromTheirExample() {
		EventTypeDescriptor type = new EventTypeDescriptor("order.submitted", "Submitted", null,
				"{\"orderId\":42,\"total\":9.5,\"paid\":true,\"lines\":[{\"sku\":\"A\"}]}");
		assertThat(JsonMapper.shared().readTree(type.schema()).get("properties").toString()).isEqualTo(
				"{\"orderId\":{\"type\":\"integer\"},\"total\":{\"type\":\"number\"},\"paid\":{\"type\":\"boolean\"},"
						+ "\"lines\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"sku\":{\"type\":\"string\"}}}}}");
	}

	private static EventTypeRegistry registryOf(Class<?> type) {
		EventTypeRegistry registry = new EventTypeRegistry(JsonMapper.shared());
		registry.register(type);
		return registry;
	}

}
