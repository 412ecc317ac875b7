package io.shophooks.webhook.capture;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schema (draft 2020-12) of event payloads, generated from their Java types:
 * records (every component required unless annotated {@code @Nullable} or an
 * {@code Optional}) and classes with public fields or getters, nested types, lists,
 * arrays, maps, enums, numbers, booleans, text, dates and UUIDs. Types without a Java
 * class get a schema inferred from their example. Output is stable (properties in
 * declaration order, pretty printed), so it can be kept as a snapshot.
 */
final class JsonSchemas {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private JsonSchemas() {
	}

	/**
	 * The schema of an event type's payload.
	 * @param type the event type
	 * @param description its description
	 * @param version its payload version
	 * @param javaType the published Java type
	 * @return the schema, pretty printed
	 */
	static String forClass(String type, String description, int version, Class<?> javaType) {
		ObjectNode schema = header(type, description, version);
		ObjectNode body = describe(javaType, new HashSet<>());
		schema.setAll(body);
		return print(schema);
	}

	/**
	 * A schema inferred from an example payload.
	 * @param type the event type
	 * @param description its description
	 * @param version its payload version
	 * @param exampleJson the example
	 * @return the schema, pretty printed
	 */
	static String fromExample(String type, String description, int version, String exampleJson) {
		ObjectNode schema = header(type, description, version);
		try {
			schema.setAll(infer(JsonMapper.shared().readTree(exampleJson)));
		}
		catch (RuntimeException ex) {
			schema.put("type", "object");
		}
		return print(schema);
	}

	private static ObjectNode header(String type, String description, int version) {
		ObjectNode schema = nodes.objectNode();
		schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
		schema.put("$id", "urn:shophooks:event:" + type + ":v" + version);
		schema.put("title", type);
		if (!description.isEmpty()) {
			schema.put("description", description);
		}
		return schema;
	}

	private static String print(ObjectNode schema) {
		return JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(schema);
	}

	private static ObjectNode describe(Type type, Set<Class<?>> visiting) {
		ObjectNode node = nodes.objectNode();
		if (type instanceof ParameterizedType parameterized) {
			Class<?> raw = (Class<?>) parameterized.getRawType();
			Type[] arguments = parameterized.getActualTypeArguments();
			if (Collection.class.isAssignableFrom(raw)) {
				node.put("type", "array");
				node.set("items", describe(arguments[0], visiting));
				return node;
			}
			if (Map.class.isAssignableFrom(raw)) {
				node.put("type", "object");
				node.set("additionalProperties", describe(arguments[1], visiting));
				return node;
			}
			if (raw == Optional.class) {
				return describe(arguments[0], visiting);
			}
			return describe(raw, visiting);
		}
		if (type instanceof GenericArrayType array) {
			node.put("type", "array");
			node.set("items", describe(array.getGenericComponentType(), visiting));
			return node;
		}
		if (type instanceof WildcardType wildcard) {
			return describe(wildcard.getUpperBounds()[0], visiting);
		}
		if (!(type instanceof Class<?> cls)) {
			return node;
		}
		if (cls == String.class || cls == char.class || cls == Character.class) {
			node.put("type", "string");
		}
		else if (cls == boolean.class || cls == Boolean.class) {
			node.put("type", "boolean");
		}
		else if (cls == int.class || cls == long.class || cls == short.class || cls == byte.class
				|| cls == Integer.class || cls == Long.class || cls == Short.class || cls == Byte.class
				|| cls == BigInteger.class) {
			node.put("type", "integer");
		}
		else if (cls == double.class || cls == float.class || cls == Double.class || cls == Float.class
				|| cls == BigDecimal.class || Number.class.isAssignableFrom(cls)) {
			node.put("type", "number");
		}
		else if (cls == Instant.class || cls == OffsetDateTime.class || cls == ZonedDateTime.class
				|| cls == LocalDateTime.class) {
			node.put("type", "string");
			node.put("format", "date-time");
		}
		else if (cls == LocalDate.class) {
			node.put("type", "string");
			node.put("format", "date");
		}
		else if (cls == LocalTime.class) {
			node.put("type", "string");
			node.put("format", "time");
		}
		else if (cls == UUID.class) {
			node.put("type", "string");
			node.put("format", "uuid");
		}
		else if (cls.isEnum()) {
			node.put("type", "string");
			ArrayNode values = node.putArray("enum");
			for (Object constant : cls.getEnumConstants()) {
				values.add(((Enum<?>) constant).name());
			}
		}
		else if (cls.isArray()) {
			node.put("type", "array");
			node.set("items", describe(cls.getComponentType(), visiting));
		}
		else if (Collection.class.isAssignableFrom(cls)) {
			node.put("type", "array");
		}
		else if (Map.class.isAssignableFrom(cls)) {
			node.put("type", "object");
		}
		else if (!visiting.add(cls)) {
			// A type that contains itself: described once, referenced as any object below.
			node.put("type", "object");
		}
		else {
			node.put("type", "object");
			ObjectNode properties = node.putObject("properties");
			ArrayNode required = nodes.arrayNode();
			if (cls.isRecord()) {
				for (RecordComponent component : cls.getRecordComponents()) {
					properties.set(component.getName(), describe(component.getGenericType(), visiting));
					if (!isOptional(component.getType(), component.getAnnotations())
							&& !isOptional(component.getType(), component.getAnnotatedType().getAnnotations())) {
						required.add(component.getName());
					}
				}
			}
			else {
				for (Field field : cls.getFields()) {
					if (!Modifier.isStatic(field.getModifiers())) {
						properties.set(field.getName(), describe(field.getGenericType(), visiting));
					}
				}
				for (java.lang.reflect.Method getter : cls.getMethods()) {
					String name = propertyName(getter);
					if (name != null && !properties.has(name)) {
						properties.set(name, describe(getter.getGenericReturnType(), visiting));
					}
				}
			}
			if (!required.isEmpty()) {
				node.set("required", required);
			}
			visiting.remove(cls);
		}
		return node;
	}

	private static boolean isOptional(Class<?> type, java.lang.annotation.Annotation[] annotations) {
		if (type == Optional.class) {
			return true;
		}
		for (java.lang.annotation.Annotation annotation : annotations) {
			if (annotation.annotationType().getSimpleName().equals("Nullable")) {
				return true;
			}
		}
		return false;
	}

	private static @org.jspecify.annotations.Nullable String propertyName(java.lang.reflect.Method method) {
		if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
				|| method.getDeclaringClass() == Object.class) {
			return null;
		}
		String name = method.getName();
		if (name.startsWith("get") && name.length() > 3 && method.getReturnType() != void.class) {
			return Character.toLowerCase(name.charAt(3)) + name.substring(4);
		}
		if (name.startsWith("is") && name.length() > 2 && method.getReturnType() == boolean.class) {
			return Character.toLowerCase(name.charAt(2)) + name.substring(3);
		}
		return null;
	}

	private static ObjectNode infer(JsonNode example) {
		ObjectNode node = nodes.objectNode();
		if (example.isObject()) {
			node.put("type", "object");
			ObjectNode properties = node.putObject("properties");
			for (Map.Entry<String, JsonNode> property : example.properties()) {
				properties.set(property.getKey(), infer(property.getValue()));
			}
		}
		else if (example.isArray()) {
			node.put("type", "array");
			if (!example.isEmpty()) {
				node.set("items", infer(example.get(0)));
			}
		}
		else if (example.isIntegralNumber()) {
			node.put("type", "integer");
		}
		else if (example.isNumber()) {
			node.put("type", "number");
		}
		else if (example.isBoolean()) {
			node.put("type", "boolean");
		}
		else if (example.isString()) {
			node.put("type", "string");
		}
		return node;
	}

}
