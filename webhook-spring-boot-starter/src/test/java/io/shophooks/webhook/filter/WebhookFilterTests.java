package io.shophooks.webhook.filter;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.shophooks.webhook.InvalidWebhookException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookFilterTests {

	private static final JsonNode ORDER = JsonMapper.shared()
		.readTree("""
				{"orderId":"o-1","total":150.50,"currency":"EUR","vip":true,"note":null,
				 "customer":{"country":"VN","address":{"city":"Hanoi"}},"lines":[{"sku":"A"}]}""");

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "total > 100 | true", "total >= 150.5 | true", "total < 150.50 | false",
			"total == 150.5 | true", "currency == 'EUR' | true", "currency != \"EUR\" | false",
			"customer.country in ['VN', 'TH'] | true", "customer.country not in ['VN'] | false",
			"customer.address.city == 'Hanoi' | true", "customer.address.zip == null | true", "note == null | true",
			"missing.deeply.nested == null | true", "vip | true", "vip and total > 1000 | false",
			"vip and total > 1000 or currency == 'EUR' | true", "not (currency == 'EUR') | false",
			"NOT vip OR total > 100 | true", "total > '100' | false", "currency > 'A' | true", "lines == null | false",
			"customer == 'VN' | false", "total in [150.5, 1] | true", "orderId == 'o-1' and -1 < total | true" })
	void evaluatesOnThePayload(String expression, boolean expected) {
		assertThat(WebhookFilter.parse(expression).matches(ORDER)).as(expression).isEqualTo(expected);
	}

	static Stream<Arguments> unreadable() {
		return Stream.of(
				Arguments.of("total.toString()", "Function and method calls are not allowed (at position 1)"),
				Arguments.of("T(java.lang.Runtime).getRuntime().exec('x')", "Function and method calls are not allowed (at position 1)"),
				Arguments.of("exec('rm -rf /')", "Function and method calls are not allowed (at position 1)"),
				Arguments.of("#root.class", "Expected a field or a value, found '#' (at position 1)"),
				Arguments.of("total = 1", "Use '==' to compare (at position 7)"),
				Arguments.of("currency == 'EUR", "The string is not closed (at position 13)"),
				Arguments.of("total >", "The filter ends where a field or a value was expected (at position 8)"),
				Arguments.of("total > 1 total < 2", "Unexpected 't'; join conditions with 'and' or 'or' (at position 11)"),
				Arguments.of("lines[0].sku == 'A'", "Indexing is not allowed; use a field path such as customer.country (at position 6)"),
				Arguments.of("currency in []", "The list is empty (at position 14)"),
				Arguments.of("currency in [currency]", "A list holds values only (strings, numbers, true, false, null) (at position 14)"),
				Arguments.of("'EUR'", "A value alone is not a condition; compare it with a field (at position 6)"),
				Arguments.of("total > 1e5", "Unexpected 'e'; join conditions with 'and' or 'or' (at position 10)"),
				Arguments.of("and == 1", "'and' cannot be used as a field name here (at position 1)"),
				Arguments.of("(total > 1", "The filter ends where ')' was expected (at position 11)"),
				Arguments.of("total > 1.2.3", "'1.2.3' is not a number (at position 9)"));
	}

	@ParameterizedTest
	@MethodSource("unreadable")
	void refusesWhatItCannotReadWithThePosition(String expression, String message) {
		assertThatThrownBy(() -> WebhookFilter.parse(expression)).isInstanceOf(InvalidWebhookException.class)
			.hasMessage(message)
			.satisfies(ex -> assertThat(((InvalidWebhookException) ex).getField()).isEqualTo("filter"));
	}

	@Test
	void hostileSizesAreRefusedBeforeTheyCostAnything() {
		assertThatThrownBy(() -> WebhookFilter.parse("(".repeat(400) + "vip" + ")".repeat(400)))
			.hasMessageStartingWith("The filter nests deeper than 20 levels");
		assertThatThrownBy(() -> WebhookFilter.parse("not ".repeat(30) + "vip"))
			.hasMessageStartingWith("The filter nests deeper than 20 levels");
		assertThatThrownBy(() -> WebhookFilter.parse("(".repeat(100_000)))
			.hasMessage("The filter is longer than 1000 characters");
		assertThatThrownBy(() -> WebhookFilter.parse("currency == '" + "x".repeat(300) + "'"))
			.hasMessageStartingWith("A string may hold 200 characters at most");
		assertThatThrownBy(() -> WebhookFilter.parse("total > " + "9".repeat(40)))
			.hasMessageStartingWith("The number is longer than 30 characters");
		String many = String.join(",", java.util.Collections.nCopies(101, "1"));
		assertThatThrownBy(() -> WebhookFilter.parse("total in [" + many + "]"))
			.hasMessageStartingWith("A list may hold 100 values at most");
		assertThatThrownBy(() -> WebhookFilter.parse("a.b.c.d.e.f.g.h.i.j.k == 1"))
			.hasMessageStartingWith("A field path may have 10 parts at most");
	}

	@Test
	void fieldSelectionKeepsOnlyTheNamedPaths() {
		assertThat(FieldSelection.apply(ORDER, List.of("orderId", "customer.address.city", "missing.field")).toString())
			.isEqualTo("{\"orderId\":\"o-1\",\"customer\":{\"address\":{\"city\":\"Hanoi\"}}}");
		assertThat(FieldSelection.validate(List.of(" orderId ", "", "orderId", "customer.email")))
			.containsExactly("orderId", "customer.email");
		assertThatThrownBy(() -> FieldSelection.validate(List.of("customer..email")))
			.hasMessageContaining("'customer..email' is not a field path");
		assertThatThrownBy(() -> FieldSelection.validate(List.of("lines[0]"))).hasMessageContaining("is not a field path");
	}

}
