package io.shophooks.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Calls the shop's JSON API the way a script would: HTTP Basic, JSON bodies.
 */
final class ShopClient {

	private final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	private final String authorization;

	ShopClient(int port, String user, String password) {
		this.base = "http://localhost:" + port;
		this.authorization = "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	HttpResponse<String> post(String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Authorization", this.authorization)
			.header("Content-Type", "application/json");
		request.POST((json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	long postForId(String path, String json) throws Exception {
		HttpResponse<String> response = post(path, json);
		if (response.statusCode() != 201) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return Long.parseLong(response.body().replaceAll("^\\{\"id\":(\\d+).*$", "$1"));
	}

}
