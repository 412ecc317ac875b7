package io.shophooks.webhook.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.xml.XmlMapper;

import io.shophooks.webhook.endpoint.BodyFormat;

/**
 * Renders a stored event as the body an endpoint asked for. The envelope is always
 * {@code type}, {@code version} (the payload version of the type when the event was
 * published), {@code timestamp} (ISO-8601, when the event was committed) and
 * {@code data}.
 * <ul>
 * <li>JSON: {@code {"type":"order.approved","version":1,"timestamp":"...","data":{...}}}</li>
 * <li>XML: {@code <webhook><type>..</type><version>1</version><timestamp>..</timestamp><data>..</data></webhook>}</li>
 * <li>Form: {@code type=..&version=1&timestamp=..&data[orderId]=..&data[lines][0][sku]=..}, the
 * bracket notation PHP, Rails and most form parsers turn back into nested data; a
 * {@code null} becomes an empty value.</li>
 * </ul>
 */
public class BodyRenderer {

	private final JsonMapper jsonMapper;

	private final XmlMapper xmlMapper;

	public BodyRenderer(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
		this.xmlMapper = XmlMapper.builder().build();
	}

	/**
	 * @param format the format
	 * @param type the event type
	 * @param version the payload version
	 * @param timestamp the ISO-8601 timestamp
	 * @param payloadJson the stored payload
	 * @return the body bytes, exactly as sent and signed
	 */
	public byte[] render(BodyFormat format, String type, int version, String timestamp, String payloadJson) {
		return switch (format) {
			case JSON -> json(type, version, timestamp, payloadJson);
			case XML -> this.xmlMapper.writer()
				.withRootName("webhook")
				.writeValueAsBytes(envelope(type, version, timestamp, payloadJson));
			case FORM -> form(type, version, timestamp, payloadJson);
		};
	}

	private byte[] json(String type, int version, String timestamp, String payloadJson) {
		// The payload is stored as JSON already; splice it in rather than parse and re-write it.
		StringBuilder body = new StringBuilder(payloadJson.length() + type.length() + 64);
		body.append("{\"type\":");
		body.append(this.jsonMapper.writeValueAsString(type));
		body.append(",\"version\":").append(version);
		body.append(",\"timestamp\":");
		body.append(this.jsonMapper.writeValueAsString(timestamp));
		body.append(",\"data\":").append(payloadJson).append('}');
		return body.toString().getBytes(StandardCharsets.UTF_8);
	}

	private ObjectNode envelope(String type, int version, String timestamp, String payloadJson) {
		ObjectNode envelope = this.jsonMapper.createObjectNode();
		envelope.put("type", type);
		envelope.put("version", version);
		envelope.put("timestamp", timestamp);
		envelope.set("data", this.jsonMapper.readTree(payloadJson));
		return envelope;
	}

	private byte[] form(String type, int version, String timestamp, String payloadJson) {
		StringBuilder body = new StringBuilder();
		field(body, "type", type);
		field(body, "version", Integer.toString(version));
		field(body, "timestamp", timestamp);
		flatten(body, "data", this.jsonMapper.readTree(payloadJson));
		return body.toString().getBytes(StandardCharsets.UTF_8);
	}

	private void flatten(StringBuilder body, String name, JsonNode node) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				flatten(body, name + "[" + property.getKey() + "]", property.getValue());
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				flatten(body, name + "[" + i + "]", node.get(i));
			}
		}
		else if (node.isNull() || node.isMissingNode()) {
			field(body, name, "");
		}
		else {
			field(body, name, node.asString());
		}
	}

	private static void field(StringBuilder body, String name, String value) {
		if (!body.isEmpty()) {
			body.append('&');
		}
		body.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
	}

}
