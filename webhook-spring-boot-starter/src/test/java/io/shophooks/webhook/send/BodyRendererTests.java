package io.shophooks.webhook.send;

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

	/** Money of many scales and magnitudes, as Jackson writes the event's BigDecimal. */
	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(strings = { "0", "0.00", "-0.01", "9.50", "12345678.90",
			"-12345678.90", "1.000", "0.0000001", "99999999999999999999.99", "123456789012345678901234567890",
			"1E+3", "2.5E-10", "-7" })
	void moneyKeepsItsExactDecimalTextInEveryFormat(String amount) {
		String payload = JsonMapper.builder().build().writeValueAsString(
				java.util.Map.of("total", new java.math.BigDecimal(amount), "lines",
						java.util.List.of(java.util.Map.of("price", new java.math.BigDecimal(amount)))));
		String written = new java.math.BigDecimal(amount).toString();
		assertThat(payload).contains(":" + written);
		String json = text(BodyFormat.JSON, payload);
		String xml = text(BodyFormat.XML, payload);
		String form = URLDecoder.decode(text(BodyFormat.FORM, payload), StandardCharsets.UTF_8);
		assertThat(json).contains("\"total\":" + written);
		assertThat(xml).contains("<total>" + written + "</total>")
			.contains("<lines><line><price>" + written + "</price></line></lines>");
		assertThat(form.split("&")).contains("data[total]=" + written, "data[lines][0][price]=" + written);
	}

	@Test
	void xmlListsHaveAWrapperAndOneElementPerItemNamedInTheSingular() {
		String payload = "{\"lines\":[{\"sku\":\"A\"},{\"sku\":\"B\"}],\"categories\":[\"x\"],\"addresses\":[],"
				+ "\"data\":[1,2],\"1st\":\"bad name\",\"note\":\"bell\\u0007\"}";
		assertThat(text(BodyFormat.XML, payload)).contains(
				"<data><lines><line><sku>A</sku></line><line><sku>B</sku></line></lines>"
						+ "<categories><category>x</category></categories><addresses/><data><item>1</item><item>2</item></data>"
						+ "<_1st>bad name</_1st><note>bell\uFFFD</note></data>");
		assertThat(BodyRenderer.singular("addresses")).isEqualTo("address");
		assertThat(BodyRenderer.singular("boxes")).isEqualTo("box");
		assertThat(BodyRenderer.singular("items")).isEqualTo("item");
	}

	private String text(BodyFormat format, String payload) {
		return new String(this.renderer.render(format, "order.approved", 1, "2026-01-31T12:00:00Z", payload),
				StandardCharsets.UTF_8);
	}

	private String render(BodyFormat format) {
		return new String(this.renderer.render(format, "order.approved", 3, "2026-01-31T12:00:00Z", PAYLOAD),
				StandardCharsets.UTF_8);
	}

}
