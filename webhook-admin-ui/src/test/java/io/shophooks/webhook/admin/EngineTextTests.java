package io.shophooks.webhook.admin;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.shophooks.webhook.endpoint.ForbiddenTargetException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine stores for the store owner reads in the user's language: every
 * sentence the engine writes (copied from where it writes it, the forbidden-target one
 * made by the engine's own exception) is recognised, said from the bundle in Vietnamese
 * with its details kept, and said back unchanged in English; a sentence of unknown shape
 * is shown as stored.
 */
class EngineTextTests {

	private static final Locale VIETNAMESE = Locale.forLanguageTag("vi");

	private final EngineText text = new EngineText(AdminMessages.bundle());

	@Test
	void everySentenceTheEngineStoresIsSaidInVietnameseWithItsDetails() {
		List<List<String>> sentences = List.of(
				List.of("The receiver answered 410 Gone at 2026-12-01T10:15:30Z", "410 Gone", "2026-12-01T10:15:30Z"),
				List.of("3 deliveries in a row failed after all retries", "3 lượt gửi"),
				List.of("Disabled by a store owner", "Chủ cửa hàng"), List.of("Disabled through the API", "API"),
				List.of("Created disabled", "Tạo ở trạng thái tắt"), List.of("Receiver answered 503", "trả lời 503"),
				List.of("Redirect to https://elsewhere.example/x not followed", "https://elsewhere.example/x"),
				List.of("No complete response within 10000 ms (shophooks.webhook.delivery.request-timeout)", "10000 ms",
						"shophooks.webhook.delivery.request-timeout"),
				List.of("Receiver did not answer within 10000 ms", "10000 ms"),
				List.of("Unknown host: shop.invalid", "shop.invalid"),
				List.of("Connect timed out: Connect to 203.0.113.9:443 failed", "203.0.113.9:443"),
				List.of("Connection refused: Connect to http://127.0.0.1:1 failed: Connection refused",
						"http://127.0.0.1:1"),
				List.of("Connection closed before the response was complete: Connection reset", "Connection reset"),
				List.of("TLS failed: PKIX path building failed", "PKIX path building failed"),
				List.of(new ForbiddenTargetException("intranet.example", "10.0.0.5, a private network").getMessage(),
						"intranet.example", "10.0.0.5, a private network"));
		for (List<String> sentence : sentences) {
			String stored = sentence.get(0);
			String vietnamese = this.text.say(stored, VIETNAMESE);
			assertThat(vietnamese).as(stored).isNotEqualTo(stored);
			for (String detail : sentence.subList(1, sentence.size())) {
				assertThat(vietnamese).as(stored).contains(detail);
			}
			assertThat(this.text.say(stored, Locale.ENGLISH)).isEqualTo(stored);
		}
		assertThat(sentences).hasSameSizeAs(EngineText.keys());
	}

	@Test
	void aSentenceOfUnknownShapeIsShownAsStored() {
		assertThat(this.text.say("IOException: something new", VIETNAMESE)).isEqualTo("IOException: something new");
		assertThat(this.text.say(null, VIETNAMESE)).isNull();
	}

}
