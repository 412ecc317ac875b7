package io.shophooks.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Every field of the shop's JSON API and of its forms, each with every kind of bad value
 * (empty, one past the limit, 1 MB, the wrong type, out-of-range numbers, NUL, an unpaired
 * surrogate), the other fields valid: the API answers a 4xx problem, a form shows its
 * message, and nothing is written (no customer, product, order or webhook).
 */
@SpringBootTest(classes = ShopApplication.class,
		properties = { "spring.datasource.url=jdbc:h2:mem:shop-bad-input;DB_CLOSE_DELAY=-1",
				"shop.partner.create-endpoint=false", "shophooks.webhook.delivery.enabled=false" })
@AutoConfigureMockMvc
class ShopBadInputIntegrationTests {

	private static final String MEGABYTE = "x".repeat(1024 * 1024);

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void oneCustomerAndOneProduct() {
		if (this.jdbc.queryForObject("SELECT COUNT(*) FROM shop_customer", Integer.class) == 0) {
			this.jdbc.update("INSERT INTO shop_customer (name, email, created_at) VALUES ('Ann', 'ann@example.com', CURRENT_TIMESTAMP)");
			assertThat(this.jdbc.queryForObject("SELECT id FROM shop_customer", Long.class)).isEqualTo(1L);
			this.jdbc.update("INSERT INTO shop_product (sku, name, price, currency) VALUES ('MUG-1', 'Mug', 9.50, 'EUR')");
		}
	}

	private static String json(String text) {
		return JsonMapper.shared().writeValueAsString(text);
	}

	private static List<String> badTexts(int limit) {
		return List.of("\"\"", "\"   \"", json("x".repeat(limit + 1)), json(MEGABYTE), "7", "true", "{}", "[]", "null",
				json("a\u0000b"), "\"a\\ud800b\"", json("line\nbreak"));
	}

	/** One API body per bad value of each field: the template with that field replaced. */
	private static Stream<Arguments> api(String path, String template, Map<String, List<String>> bad,
			Map<String, String> valid) {
		List<Arguments> calls = new ArrayList<>();
		bad.forEach((field, values) -> {
			for (String value : values) {
				String body = template;
				for (Map.Entry<String, String> entry : valid.entrySet()) {
					body = body.replace("@" + entry.getKey(), entry.getKey().equals(field) ? value : entry.getValue());
				}
				String content = body;
				calls.add(Arguments.of(path + " " + field + " = " + shown(value),
						(Function<Void, MockHttpServletRequestBuilder>) v -> post(path)
							.contentType(MediaType.APPLICATION_JSON)
							.content(content)));
			}
		});
		return calls.stream();
	}

	private static String shown(String value) {
		return (value.length() > 40) ? value.substring(0, 40) + "... (" + value.length() + " characters)" : value;
	}

	static Stream<Arguments> apiFields() {
		Map<String, List<String>> customer = new LinkedHashMap<>();
		customer.put("name", badTexts(200));
		customer.put("email", Stream.concat(badTexts(320).stream(),
				Stream.of(json("a".repeat(310) + "@example.com"), "\"not-an-email\"")).toList());
		Map<String, List<String>> product = new LinkedHashMap<>();
		product.put("sku", badTexts(64));
		product.put("name", badTexts(200));
		product.put("price", List.of("1e400", "-0.01", "100000000", "9.999", "\"9.50\"", "true", "{}", "null", "\"\"",
				"1" + "0".repeat(5000)));
		Map<String, List<String>> order = new LinkedHashMap<>();
		order.put("customerId", List.of("999999", "-1", "99999999999999999999", "1.5", "\"1\"", "true", "null", "{}"));
		order.put("sku", badTexts(64));
		order.put("quantity", List.of("0", "-1", "10001", "2147483648", "1e400", "\"2\"", "true", "null"));
		order.put("lines", List.of("[]", "null", "{}", "[" + "{\"sku\":\"MUG-1\",\"quantity\":1},".repeat(100)
				+ "{\"sku\":\"MUG-1\",\"quantity\":1}]"));
		return Stream.of(
				api("/api/customers", "{\"name\":@name,\"email\":@email}", customer,
						Map.of("name", "\"Ann\"", "email", "\"ann@example.com\"")),
				api("/api/products", "{\"sku\":@sku,\"name\":@name,\"price\":@price}", product,
						Map.of("sku", "\"MUG-2\"", "name", "\"Mug\"", "price", "9.50")),
				api("/api/orders", "{\"customerId\":@customerId,\"lines\":@lines}", order,
						Map.of("customerId", "1", "lines", "[{\"sku\":@sku,\"quantity\":@quantity}]", "sku", "\"MUG-1\"",
								"quantity", "2")))
			.flatMap(s -> s);
	}

	@ParameterizedTest(name = "API: {0}")
	@MethodSource("apiFields")
	void badApiInputIsAProblemAndWritesNothing(String name, Function<Void, MockHttpServletRequestBuilder> request)
			throws Exception {
		String before = snapshot();
		MockHttpServletResponse response = this.mvc.perform(request.apply(null).with(httpBasic("owner", "owner-pass")))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).as(name).isBetween(400, 499);
		assertThat(response.getContentType()).as(name).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(snapshot()).as(name).isEqualTo(before);
	}

	static Stream<Arguments> formFields() {
		List<String> texts = List.of("", "   ", MEGABYTE, "a\u0000b", "a\ud800b", "line\nbreak");
		List<Arguments> forms = new ArrayList<>();
		Map<String, Map<String, List<String>>> bad = new LinkedHashMap<>();
		bad.put("/customers", Map.of("name", join(texts, List.of("n".repeat(201))), "email",
				join(texts, List.of("a".repeat(400) + "@example.com", "not-an-email"))));
		bad.put("/products", Map.of("sku", join(texts, List.of("s".repeat(65))), "name",
				join(texts, List.of("n".repeat(201))), "price",
				List.of("", "1e400", "-1", "100000000", "9.999", "abc", MEGABYTE, "NaN", "Infinity")));
		bad.put("/orders", Map.of("sku", join(texts, List.of("s".repeat(65))), "quantity",
				List.of("0", "10001", "2147483648", "abc", "1e400", MEGABYTE), "customerId",
				List.of("999999", "abc", "99999999999999999999", MEGABYTE)));
		Map<String, Map<String, String>> valid = Map.of("/customers", Map.of("name", "Ann", "email", "ann@example.com"),
				"/products", Map.of("sku", "MUG-3", "name", "Mug", "price", "9.50"), "/orders",
				Map.of("customerId", "1", "sku", "MUG-1", "quantity", "2"));
		bad.forEach((path, fields) -> fields.forEach((field, values) -> {
			for (String value : values) {
				Map<String, String> params = new LinkedHashMap<>(valid.get(path));
				params.put(field, value);
				forms.add(Arguments.of(path + " " + field + " = " + shown(value), path, params));
			}
		}));
		return forms.stream();
	}

	private static List<String> join(List<String> a, List<String> b) {
		return Stream.concat(a.stream(), b.stream()).toList();
	}

	@ParameterizedTest(name = "form: {0}")
	@MethodSource("formFields")
	void badFormInputShowsAMessageAndWritesNothing(String name, String path, Map<String, String> params)
			throws Exception {
		String before = snapshot();
		MockHttpServletRequestBuilder request = post(path).with(user("owner").roles("SHOP")).with(csrf());
		params.forEach(request::param);
		MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
		if (response.getStatus() == 302) {
			assertThat(response.getRedirectedUrl()).as(name).isEqualTo("/");
			assertThat(this.mvc.perform(request).andReturn().getFlashMap().get("error")).as(name).isNotNull();
		}
		else {
			assertThat(response.getStatus()).as(name).isBetween(400, 499);
		}
		assertThat(snapshot()).as(name).isEqualTo(before);
	}

	/** Everything the shop and ShopHooks stored, as text. */
	private String snapshot() {
		return this.jdbc.queryForList("SELECT * FROM shop_customer ORDER BY id").toString()
				+ this.jdbc.queryForList("SELECT * FROM shop_product ORDER BY id")
				+ this.jdbc.queryForList("SELECT * FROM shop_order ORDER BY id")
				+ this.jdbc.queryForList("SELECT * FROM shop_order_line ORDER BY order_id, line_no")
				+ this.jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_event", Integer.class);
	}

}
