package io.shophooks.webhook.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.InvalidWebhookException;

/**
 * The fields of a payload an endpoint wants, as dotted paths ({@code orderId},
 * {@code customer.email}); everything else is left out of the body. Objects on the way
 * keep their nesting; a path that is missing in a payload is simply absent.
 */
@Internal
public final class FieldSelection {

	private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,9}");

	/** The most fields one endpoint may select. */
	public static final int MAX_FIELDS = 50;

	private FieldSelection() {
	}

	/**
	 * Check a list of field paths.
	 * @param fields the paths
	 * @return the paths, trimmed, without blanks and repeats
	 * @throws InvalidWebhookException (field {@code includeFields}) naming the bad path
	 */
	public static List<String> validate(List<String> fields) {
		List<String> clean = new ArrayList<>();
		for (String field : fields) {
			String path = (field != null) ? field.trim() : "";
			if (path.isEmpty() || clean.contains(path)) {
				continue;
			}
			if (!PATH.matcher(path).matches()) {
				throw new InvalidWebhookException("includeFields", "fields.notAPath", "'" + shorten(path)
						+ "' is not a field path; use names joined by dots, such as customer.email", shorten(path));
			}
			clean.add(path);
		}
		if (clean.size() > MAX_FIELDS) {
			throw new InvalidWebhookException("includeFields", "fields.tooMany", "Select " + MAX_FIELDS + " fields at most",
					MAX_FIELDS);
		}
		return List.copyOf(clean);
	}

	/**
	 * Keep only the selected fields of a payload.
	 * @param payload the payload
	 * @param fields validated paths; empty keeps everything
	 * @return the reduced payload
	 */
	public static JsonNode apply(JsonNode payload, List<String> fields) {
		if (fields.isEmpty() || !payload.isObject()) {
			return payload;
		}
		ObjectNode result = JsonNodeFactory.instance.objectNode();
		for (String field : fields) {
			String[] path = field.split("\\.");
			JsonNode leaf = payload;
			for (int i = 0; i < path.length && leaf != null; i++) {
				leaf = leaf.isObject() ? leaf.get(path[i]) : null;
			}
			if (leaf == null) {
				continue;
			}
			ObjectNode target = result;
			for (int i = 0; i < path.length - 1; i++) {
				JsonNode existing = target.get(path[i]);
				target = (existing instanceof ObjectNode object) ? object : target.putObject(path[i]);
			}
			target.set(path[path.length - 1], leaf);
		}
		return result;
	}

	private static String shorten(String text) {
		return (text.length() > 60) ? text.substring(0, 60) + "…" : text;
	}

}
