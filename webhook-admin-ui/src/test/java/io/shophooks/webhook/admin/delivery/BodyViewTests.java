package io.shophooks.webhook.admin.delivery;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BodyViewTests {

	private static BodyView view(String contentType, String body) {
		return BodyView.of(contentType, body.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void jsonIsIndentedAndNumbersKeepTheirText() {
		BodyView view = view("application/json; charset=utf-8",
				"{\"type\":\"order.approved\",\"data\":{\"total\":12345678.90,\"price\":9.50,\"lines\":[1,2]}}");
		assertThat(view.pretty()).contains("\n  \"type\" : \"order.approved\"")
			.contains("\"total\" : 12345678.90")
			.contains("\"price\" : 9.50");
		assertThat(view.form()).isNull();
		assertThat(view.folded()).isFalse();
	}

	@Test
	void xmlIsIndented() {
		BodyView view = view("application/xml; charset=utf-8",
				"<webhook><type>order.approved</type><data><lines><line><sku>A</sku></line></lines></data></webhook>");
		assertThat(view.pretty()).startsWith("<webhook>\n  <type>order.approved</type>").contains("      <line>");
	}

	@Test
	void aFormIsATableOfDecodedFieldsWithTheRawTextAtHand() {
		BodyView view = view("application/x-www-form-urlencoded; charset=utf-8",
				"type=order.approved&data%5Bnote%5D=Zo%C3%AB+%26+Bob&data%5Btotal%5D=9.50");
		assertThat(view.form()).containsExactly(new BodyView.Field("type", "order.approved"),
				new BodyView.Field("data[note]", "Zoë & Bob"), new BodyView.Field("data[total]", "9.50"));
		assertThat(view.raw()).isEqualTo("type=order.approved&data%5Bnote%5D=Zo%C3%AB+%26+Bob&data%5Btotal%5D=9.50");
	}

	@Test
	void longBodiesStartFoldedAndUnreadableOnesStayRaw() {
		assertThat(view("application/json", "{\"note\":\"" + "x".repeat(5000) + "\"}").folded()).isTrue();
		assertThat(view("application/json", "{not json").pretty()).isEqualTo("{not json");
		assertThat(view("application/xml", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>").pretty())
			.doesNotContain("root:");
	}

}
