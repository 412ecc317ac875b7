package io.shophooks.webhook.admin.api;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads request bodies of the management API strictly, whatever the host's own JSON
 * settings: a boolean must be {@code true} or {@code false} (not {@code 7} or
 * {@code "yes"}), a whole number must not have a fraction, a number must not be a string.
 * A value of the wrong type is refused with its field's name rather than guessed at.
 */
final class StrictJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
		.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.withCoercionConfig(LogicalType.Boolean, config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
		.withCoercionConfig(LogicalType.Integer, config -> config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
		.withCoercionConfig(LogicalType.Textual, config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
		.build();

	private StrictJson() {
	}

	/**
	 * @throws ResponseStatusException (400) for a body that is not a JSON object
	 */
	static <T> T read(JsonNode body, Class<T> type) {
		if (body == null || !body.isObject()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The request body must be a JSON object");
		}
		return MAPPER.treeToValue(body, type);
	}

}
