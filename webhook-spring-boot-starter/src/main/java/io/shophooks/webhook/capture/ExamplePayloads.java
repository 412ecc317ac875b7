package io.shophooks.webhook.capture;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds an example payload for a record event type from its components, so that store
 * owners and integrators see the shape of a webhook before the first one is sent.
 */
final class ExamplePayloads {

	private static final int MAX_DEPTH = 6;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private ExamplePayloads() {
	}

	static @Nullable String of(Class<?> type, JsonMapper mapper) {
		if (!type.isRecord()) {
			return null;
		}
		JsonNode node = example(type, type, 0);
		return (node != null) ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node) : null;
	}

	private static @Nullable JsonNode example(Type generic, Class<?> raw, int depth) {
		if (depth > MAX_DEPTH) {
			return null;
		}
		if (raw == String.class || raw == CharSequence.class) {
			return NODES.stringNode("string");
		}
		if (raw == boolean.class || raw == Boolean.class) {
			return NODES.booleanNode(true);
		}
		if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class || raw == short.class
				|| raw == Short.class || raw == BigInteger.class) {
			return NODES.numberNode(1);
		}
		if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
			return NODES.numberNode(1.5);
		}
		if (raw == BigDecimal.class) {
			return NODES.numberNode(new BigDecimal("19.99"));
		}
		if (raw == UUID.class) {
			return NODES.stringNode("3f2504e0-4f89-41d3-9a0c-0305e82c3301");
		}
		if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class) {
			return NODES.stringNode("2026-01-31T12:00:00Z");
		}
		if (raw == LocalDateTime.class) {
			return NODES.stringNode("2026-01-31T12:00:00");
		}
		if (raw == LocalDate.class) {
			return NODES.stringNode("2026-01-31");
		}
		if (raw.isEnum()) {
			Object[] constants = raw.getEnumConstants();
			return (constants.length > 0) ? NODES.stringNode(((Enum<?>) constants[0]).name()) : NODES.nullNode();
		}
		if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
			ArrayNode array = NODES.arrayNode();
			Type element = raw.isArray() ? raw.getComponentType() : typeArgument(generic, 0);
			if (element != null) {
				JsonNode item = example(element, rawClass(element), depth + 1);
				if (item != null) {
					array.add(item);
				}
			}
			return array;
		}
		if (Map.class.isAssignableFrom(raw)) {
			return NODES.objectNode();
		}
		if (raw.isRecord()) {
			ObjectNode object = NODES.objectNode();
			for (RecordComponent component : raw.getRecordComponents()) {
				JsonNode value = example(component.getGenericType(), component.getType(), depth + 1);
				object.set(component.getName(), (value != null) ? value : NODES.nullNode());
			}
			return object;
		}
		return null;
	}

	private static @Nullable Type typeArgument(Type type, int index) {
		if (type instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments().length > index) {
			return parameterized.getActualTypeArguments()[index];
		}
		return null;
	}

	private static Class<?> rawClass(Type type) {
		if (type instanceof Class<?> c) {
			return c;
		}
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> c) {
			return c;
		}
		return Object.class;
	}

}
