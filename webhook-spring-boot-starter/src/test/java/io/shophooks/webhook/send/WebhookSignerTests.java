package io.shophooks.webhook.send;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.Test;

import io.shophooks.webhook.endpoint.SigningSecrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignerTests {

	@Test
	void signatureMatchesTheStandardWebhooksReferenceImplementation() throws Exception {
		String secret = SigningSecrets.generate();
		String body = "{\"type\":\"order.approved\",\"data\":{\"total\":\"12.50 €\"}}";
		long timestamp = System.currentTimeMillis() / 1000;
		String ours = WebhookSigner.sign(List.of(secret), "msg_1", timestamp, body.getBytes(StandardCharsets.UTF_8));
		assertThat(ours).isEqualTo(new Webhook(secret).sign("msg_1", timestamp, body));
		new Webhook(secret).verify(body, headers("msg_1", timestamp, ours));
	}

	@Test
	void tamperedBodyFailsVerification() {
		String secret = SigningSecrets.generate();
		long timestamp = System.currentTimeMillis() / 1000;
		String signature = WebhookSigner.sign(List.of(secret), "msg_1", timestamp, "{\"a\":1}".getBytes());
		assertThatThrownBy(() -> new Webhook(secret).verify("{\"a\":2}", headers("msg_1", timestamp, signature)))
			.isInstanceOf(WebhookVerificationException.class);
	}

	@Test
	void twoSecretsGiveTwoSignaturesEachVerifiable() throws Exception {
		String current = SigningSecrets.generate();
		String previous = SigningSecrets.generate();
		long timestamp = System.currentTimeMillis() / 1000;
		String header = WebhookSigner.sign(List.of(current, previous), "msg_2", timestamp, "{}".getBytes());
		assertThat(header.split(" ")).hasSize(2);
		new Webhook(current).verify("{}", headers("msg_2", timestamp, header));
		new Webhook(previous).verify("{}", headers("msg_2", timestamp, header));
	}

	private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
		return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
				"webhook-signature", List.of(signature));
	}

}
