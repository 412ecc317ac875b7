package io.shophooks.webhook.send;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.endpoint.BodyFormat;

/**
 * Renders a stored event as the body an endpoint asked for. The envelope is always
 * {@code type}, {@code version} (the payload version of the type when the event was
 * published), {@code timestamp} (ISO-8601, when the event was committed) and
 * {@code data}. Numbers keep the exact text they have in the stored JSON in every format
 * (a total of {@code 12345678.90} stays {@code 12345678.90}, never {@code 1.23456789E7}).
 * <ul>
 * <li>JSON: {@code {"type":"order.approved","version":1,"timestamp":"...","data":{...}}}</li>
 * <li>XML: {@code <webhook><type>..</type><version>1</version><timestamp>..</timestamp><data>..</data></webhook>};
 * a list is one element holding one element per item, named for the list in the singular
 * ({@code <lines><line>..</line><line>..</line></lines>}, {@code <item>} where no singular
 * can be told); {@code null} is an empty element; characters XML 1.0 cannot carry become
 * U+FFFD, and a name that is not an XML name has its other characters replaced by
 * {@code _}.</li>
 * <li>Form: {@code type=..&version=1&timestamp=..&data[orderId]=..&data[lines][0][sku]=..}, the
 * bracket notation PHP, Rails and most form parsers turn back into nested data; a
 * {@code null} becomes an empty value.</li>
 * </ul>
 */
@Internal
public class BodyRenderer {

	private final JsonMapper jsonMapper;

	public BodyRenderer(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
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
			case XML -> xml(type, version, timestamp, payloadJson);
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

	/**
	 * The payload as a tree whose numbers are the text they were written with: a tree of
	 * Jackson's numbers would turn {@code 9.50} into {@code 9.5}.
	 */
	private JsonNode exactTree(String payloadJson) {
		try (JsonParser parser = this.jsonMapper.createParser(payloadJson)) {
			parser.nextToken();
			return read(parser);
		}
	}

	private static JsonNode read(JsonParser parser) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		JsonToken token = parser.currentToken();
		if (token == JsonToken.START_OBJECT) {
			ObjectNode object = nodes.objectNode();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				object.set(name, read(parser));
			}
			return object;
		}
		if (token == JsonToken.START_ARRAY) {
			ArrayNode array = nodes.arrayNode();
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				array.add(read(parser));
			}
			return array;
		}
		if (token == JsonToken.VALUE_NULL) {
			return nodes.nullNode();
		}
		// strings, numbers (their exact text) and booleans
		return nodes.stringNode(parser.getString());
	}

	private byte[] xml(String type, int version, String timestamp, String payloadJson) {
		StringBuilder xml = new StringBuilder(payloadJson.length() * 2 + 128);
		xml.append("<webhook>");
		element(xml, "type", nodeOf(type));
		element(xml, "version", nodeOf(Integer.toString(version)));
		element(xml, "timestamp", nodeOf(timestamp));
		element(xml, "data", exactTree(payloadJson));
		xml.append("</webhook>");
		return xml.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static JsonNode nodeOf(String text) {
		return JsonNodeFactory.instance.stringNode(text);
	}

	private static void element(StringBuilder xml, String rawName, JsonNode node) {
		String name = xmlName(rawName);
		if (node.isNull() || (node.isContainer() && node.isEmpty())) {
			xml.append('<').append(name).append("/>");
			return;
		}
		xml.append('<').append(name).append('>');
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				element(xml, property.getKey(), property.getValue());
			}
		}
		else if (node.isArray()) {
			String item = singular(name);
			for (JsonNode value : node) {
				element(xml, item, value);
			}
		}
		else {
			escape(xml, node.asString());
		}
		xml.append("</").append(name).append('>');
	}

	/** The name of one item of a list: lines / line, categories / category, else item. */
	static String singular(String list) {
		String lower = list.toLowerCase(Locale.ROOT);
		if (lower.endsWith("ies") && list.length() > 3) {
			return list.substring(0, list.length() - 3) + "y";
		}
		if ((lower.endsWith("sses") || lower.endsWith("xes") || lower.endsWith("ches") || lower.endsWith("shes"))
				&& list.length() > 4) {
			return list.substring(0, list.length() - 2);
		}
		if (lower.endsWith("s") && !lower.endsWith("ss") && list.length() > 1) {
			return list.substring(0, list.length() - 1);
		}
		return "item";
	}

	/** A valid XML 1.0 name: other characters become '_', and one that cannot start a name gets '_' first. */
	private static String xmlName(String name) {
		StringBuilder valid = new StringBuilder(name.length() + 1);
		name.codePoints().forEach(c -> valid.appendCodePoint(isNameChar(c) ? c : '_'));
		if (valid.isEmpty() || !isNameStart(valid.codePointAt(0))
				|| valid.toString().toLowerCase(Locale.ROOT).startsWith("xml")) {
			valid.insert(0, '_');
		}
		return valid.toString();
	}

	private static boolean isNameStart(int c) {
		return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6)
				|| (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D)
				|| (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F)
				|| (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF)
				|| (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
	}

	private static boolean isNameChar(int c) {
		return isNameStart(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7
				|| (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
	}

	private static void escape(StringBuilder xml, String text) {
		text.codePoints().forEach(c -> {
			switch (c) {
				case '&' -> xml.append("&amp;");
				case '<' -> xml.append("&lt;");
				case '>' -> xml.append("&gt;");
				case '\r' -> xml.append("&#13;");
				default -> {
					boolean allowed = c == '\t' || c == '\n' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
							|| (c >= 0x10000 && c <= 0x10FFFF);
					xml.appendCodePoint(allowed ? c : 0xFFFD);
				}
			}
		});
	}

	private byte[] form(String type, int version, String timestamp, String payloadJson) {
		StringBuilder body = new StringBuilder();
		field(body, "type", type);
		field(body, "version", Integer.toString(version));
		field(body, "timestamp", timestamp);
		flatten(body, "data", exactTree(payloadJson));
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
