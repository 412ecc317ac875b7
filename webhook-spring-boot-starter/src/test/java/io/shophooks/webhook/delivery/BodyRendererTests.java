package io.shophooks.webhook.delivery;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.shophooks.webhook.endpoint.BodyFormat;

import static org.assertj.core.api.Assertions.assertThat;

class BodyRendererTests {

	private final BodyRenderer renderer = new BodyRenderer(JsonMapper.builder().build());

	private static final String PAYLOAD = "{\"id\":7,\"note\":null,\"ok\":true,\"tags\":[\"a\",\"b&c\"],"
			+ "\"customer\":{\"name\":\"Zoë\"}}";

	@Test
	void jsonKeepsThePayloadAsStored() {
		assertThat(render(BodyFormat.JSON)).isEqualTo(
				"{\"type\":\"order.approved\",\"version\":3,\"timestamp\":\"2026-01-31T12:00:00Z\",\"data\":" + PAYLOAD + "}");
	}

	@Test
	void formFlattensNestedDataWithBrackets() {
		String decoded = URLDecoder.decode(render(BodyFormat.FORM), StandardCharsets.UTF_8);
		assertThat(decoded).isEqualTo("type=order.approved&version=3&timestamp=2026-01-31T12:00:00Z&data[id]=7&data[note]="
				+ "&data[ok]=true&data[tags][0]=a&data[tags][1]=b&c&data[customer][name]=Zoë");
		assertThat(render(BodyFormat.FORM)).contains("data%5Btags%5D%5B1%5D=b%26c");
	}

	@Test
	void xmlWrapsTheEnvelopeInAWebhookElement() {
		assertThat(render(BodyFormat.XML)).startsWith("<webhook><type>order.approved</type><version>3</version><timestamp>")
			.contains("<customer><name>Zoë</name></customer>")
			.contains("b&amp;c")
			.endsWith("</data></webhook>");
	}

	private String render(BodyFormat format) {
		return new String(this.renderer.render(format, "order.approved", 3, "2026-01-31T12:00:00Z", PAYLOAD),
				StandardCharsets.UTF_8);
	}

}
