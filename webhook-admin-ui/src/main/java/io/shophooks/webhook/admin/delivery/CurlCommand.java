package io.shophooks.webhook.admin.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.shophooks.webhook.delivery.OutgoingRequest;

/**
 * A cURL command that reproduces a webhook request, with fresh signature headers.
 * Credentials stay out of it: the URL token and the Basic password are read from
 * environment variables the person running it sets.
 */
final class CurlCommand {

	private CurlCommand() {
	}

	static String of(OutgoingRequest request) {
		StringBuilder curl = new StringBuilder("curl -i -X POST ");
		String url = request.displayUrl().replace("=****", "=${WEBHOOK_URL_TOKEN}");
		curl.append(quote(url));
		for (Map.Entry<String, String> header : request.headers().entrySet()) {
			String value = header.getValue();
			if (header.getKey().equalsIgnoreCase("Authorization")) {
				continue;
			}
			curl.append(" \\\n  -H ").append(quote(header.getKey() + ": " + value));
		}
		if (request.headers().containsKey("Authorization")) {
			curl.append(" \\\n  -u \"${WEBHOOK_BASIC_USER}:${WEBHOOK_BASIC_PASSWORD}\"");
		}
		curl.append(" \\\n  --data-binary ")
			.append(quote(new String(request.body(), StandardCharsets.UTF_8)));
		return curl.toString();
	}

	private static String quote(String value) {
		if (value.contains("${")) {
			return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("`", "\\`") + "\"";
		}
		return "'" + value.replace("'", "'\\''") + "'";
	}

}
