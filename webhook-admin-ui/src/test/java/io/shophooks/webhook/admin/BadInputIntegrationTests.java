package io.shophooks.webhook.admin;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.shophooks.webhook.admin.app.AdminTestApplication;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Broken input to the JSON API and the admin forms: every case gets a 4xx with a message
 * a person can act on, never a 500, and the stored endpoints stay exactly as they were.
 */
@SpringBootTest(classes = AdminTestApplication.class,
		properties = { "shophooks.webhook.security.allow-private-networks=false",
				"shophooks.webhook.delivery.enabled=false",
				"spring.datasource.url=jdbc:h2:mem:admin-bad-input;DB_CLOSE_DELAY=-1" })
@AutoConfigureMockMvc
class BadInputIntegrationTests {

	private static final String API = "/api/webhooks/endpoints";

	private static final String VALID = """
			{"name":"ERP","url":"https://93.184.216.34/hooks","eventTypes":["order.approved"],"format":"JSON",
			 "auth":{"basic":{"username":"shop","password":"pw"},"token":{"parameter":"key","value":"tok"},
			         "hmac":{"enabled":true}},"maxConcurrency":4}""";

	@Autowired
	MockMvc mvc;

	@Autowired
	EndpointService endpoints;

	@Autowired
	JdbcTemplate jdbc;

	long existing;

	@BeforeEach
	void oneEndpoint() {
		this.endpoints.list().forEach(e -> this.endpoints.delete(e.id()));
		this.existing = this.endpoints
			.create(EndpointDefinition.signed("Existing", "https://93.184.216.34/existing", List.of("order.approved")))
			.endpoint()
			.id();
	}

	static Stream<Arguments> apiBodies() {
		String longName = "n".repeat(201);
		return Stream.of(
				// name
				body("name too long", VALID.replace("\"ERP\"", "\"" + longName + "\"")),
				body("name blank", VALID.replace("\"ERP\"", "\"   \"")),
				body("name of invisible characters", VALID.replace("\"ERP\"", "\"\\u200B\\u200B\\u2060\"")),
				body("name missing", VALID.replace("\"name\":\"ERP\",", "")),
				body("name as object", VALID.replace("\"ERP\"", "{\"a\":1}")),
				body("name as array", VALID.replace("\"ERP\"", "[\"a\"]")),
				body("name of 3 MB", VALID.replace("\"ERP\"", "\"" + "x".repeat(3_000_000) + "\"")),
				// url
				body("url not a URL", VALID.replace("https://93.184.216.34/hooks", "not a url")),
				body("url javascript", VALID.replace("https://93.184.216.34/hooks", "javascript:alert(1)")),
				body("url ftp", VALID.replace("https://93.184.216.34/hooks", "ftp://93.184.216.34/")),
				body("url too long", VALID.replace("/hooks", "/" + "a".repeat(2001))),
				body("url with SQL", VALID.replace("/hooks", "/' OR 1=1 --")),
				body("url with NUL", VALID.replace("/hooks", "/\\u0000")),
				body("url without host", VALID.replace("https://93.184.216.34/hooks", "http://")),
				body("url with right-to-left override", VALID.replace("93.184.216.34", "exa\\u202Emple.com")),
				body("url with user info", VALID.replace("https://", "https://admin:secret@")),
				body("url metadata address", VALID.replace("https://93.184.216.34/hooks", "http://169.254.169.254/")),
				body("url loopback in decimal", VALID.replace("https://93.184.216.34/hooks", "http://2130706433/")),
				body("url missing", VALID.replace("\"url\":\"https://93.184.216.34/hooks\",", "")),
				body("url as number", VALID.replace("\"https://93.184.216.34/hooks\"", "{}")),
				// event types
				body("no event types", VALID.replace("[\"order.approved\"]", "[]")),
				body("unknown event type", VALID.replace("order.approved", "order.shipped")),
				body("script tag as event type", VALID.replace("order.approved", "<script>alert(1)</script>")),
				body("SQL as event type", VALID.replace("order.approved", "order.approved'; DROP TABLE shophooks_endpoint;--")),
				body("null event type", VALID.replace("[\"order.approved\"]", "[null]")),
				body("event types as object", VALID.replace("[\"order.approved\"]", "{\"a\":1}")),
				body("5,000 event types", VALID.replace("[\"order.approved\"]", "[" + "\"order.x\",".repeat(4999) + "\"order.x\"]")),
				// format
				body("unknown format", VALID.replace("\"JSON\"", "\"YAML\"")),
				body("format as number", VALID.replace("\"JSON\"", "7")),
				// concurrency
				body("negative concurrency", VALID.replace("\"maxConcurrency\":4", "\"maxConcurrency\":-1")),
				body("zero concurrency", VALID.replace("\"maxConcurrency\":4", "\"maxConcurrency\":0")),
				body("huge concurrency", VALID.replace("\"maxConcurrency\":4", "\"maxConcurrency\":100000")),
				body("concurrency as text", VALID.replace("\"maxConcurrency\":4", "\"maxConcurrency\":\"eight\"")),
				body("concurrency overflowing", VALID.replace("\"maxConcurrency\":4", "\"maxConcurrency\":99999999999999999999")),
				// authentication
				body("token parameter with spaces", VALID.replace("\"parameter\":\"key\"", "\"parameter\":\"a b&c\"")),
				body("token too long", VALID.replace("\"value\":\"tok\"", "\"value\":\"" + "t".repeat(600) + "\"")),
				body("basic user with colon", VALID.replace("\"username\":\"shop\"", "\"username\":\"sh:op\"")),
				body("basic password too long", VALID.replace("\"password\":\"pw\"", "\"password\":\"" + "p".repeat(600) + "\"")),
				body("basic without password", VALID.replace(",\"password\":\"pw\"", "")),
				body("secret without prefix", VALID.replace("\"enabled\":true", "\"enabled\":true,\"secret\":\"not-a-secret\"")),
				body("secret not base64", VALID.replace("\"enabled\":true", "\"enabled\":true,\"secret\":\"whsec_!!!\"")),
				body("hmac enabled as text", VALID.replace("\"enabled\":true", "\"enabled\":\"maybe\"")),
				// filter and fields
				body("filter calling a method", VALID.replace("\"maxConcurrency\":4", "\"maxConcurrency\":4,\"filter\":\"total.getClass()\"")),
				body("filter nested 500 deep", VALID.replace("\"maxConcurrency\":4", "\"maxConcurrency\":4,\"filter\":\"" + "(".repeat(400) + "vip" + ")".repeat(400) + "\"")),
				body("filter not closed", VALID.replace("\"maxConcurrency\":4", "\"maxConcurrency\":4,\"filter\":\"currency == 'EUR\"")),
				body("field path with index", VALID.replace("\"maxConcurrency\":4", "\"maxConcurrency\":4,\"includeFields\":[\"lines[0]\"]")),
				body("unknown payload mode", VALID.replace("\"maxConcurrency\":4", "\"maxConcurrency\":4,\"payload\":\"FAT\"")),
				// the body itself
				body("array instead of object", "[" + VALID + "]"),
				body("empty body", ""),
				body("null body", "null"),
				body("truncated JSON", VALID.substring(0, VALID.length() / 2)),
				body("trailing garbage", VALID + " {\"name\":\"second\"}"),
				body("nested 5,000 deep", VALID.replace("\"ERP\"", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000))),
				body("invalid UTF-8", new String(new byte[] { '{', '"', 'n', (byte) 0xC3, (byte) 0x28, '"', '}' },
						java.nio.charset.StandardCharsets.ISO_8859_1)));
	}

	private static Arguments body(String name, String json) {
		return call(name, id -> post(API).contentType(MediaType.APPLICATION_JSON).content(json));
	}

	/** A named request, built once the existing endpoint's id is known. */
	private static Arguments call(String name, Function<Long, MockHttpServletRequestBuilder> request) {
		return Arguments.of(name, request);
	}

	static Stream<Arguments> apiRequests() {
		return Stream.of(
				call("text/plain body", id -> post(API)
					.contentType(MediaType.TEXT_PLAIN)
					.content(VALID)),
				call("XML body", id -> post(API)
					.contentType(MediaType.APPLICATION_XML)
					.content("<endpoint><name>x</name></endpoint>")),
				call("update with a forbidden URL", id -> put(
						API + "/" + id)
					.contentType(MediaType.APPLICATION_JSON)
					.content(VALID.replace("https://93.184.216.34/hooks", "http://10.0.0.1/"))),
				call("update with an unknown type", id -> put(
						API + "/" + id)
					.contentType(MediaType.APPLICATION_JSON)
					.content(VALID.replace("order.approved", "order.nope"))),
				call("id not a number", id -> put(API + "/abc")
					.contentType(MediaType.APPLICATION_JSON)
					.content(VALID)),
				call("id overflowing", id -> get(
						API + "/99999999999999999999")),
				call("unknown status filter", id -> get(
						"/api/webhooks/deliveries").param("status", "EXPLODED")),
				call("endpoint filter not a number", id -> get(
						"/api/webhooks/deliveries").param("endpoint", "abc")),
				call("page size too big", id -> get(
						"/api/webhooks/deliveries").param("size", "100000")),
				call("negative page", id -> get(
						"/api/webhooks/deliveries").param("page", "-1")),
				call("recover since not a time", id -> post(
						API + "/" + id + "/recover").param("since", "yesterday")),
				call("recover since impossible date", id -> post(
						API + "/" + id + "/recover").param("since", "2026-13-45T25:61:00Z")),
				call("recover without since", id -> post(
						API + "/" + id + "/recover")),
				call("recover since far after the calendar", id -> post(
						API + "/" + id + "/recover").param("since", "+999999999-12-31T23:59:59Z")),
				call("recover since far before the calendar", id -> post(
						API + "/" + id + "/recover").param("since", "-999999999-01-01T00:00:00Z")),
				call("recover since of 1 MB", id -> post(
						API + "/" + id + "/recover").param("since", MEGABYTE)),
				call("type filter of 1 MB", id -> get(
						"/api/webhooks/deliveries").param("type", MEGABYTE)),
				call("type filter with NUL", id -> get(
						"/api/webhooks/deliveries").param("type", "order.\u0000")),
				call("size overflowing", id -> get(
						"/api/webhooks/deliveries").param("size", "1e400")),
				call("replay id not a number", id -> post(
						"/api/webhooks/deliveries/abc/replay")));
	}

	/** Every field of the endpoint API body, its valid JSON value and its limit (0: no text). */
	private static final Map<String, String> API_FIELDS = new java.util.LinkedHashMap<>();

	static {
		API_FIELDS.put("name", "\"ERP\"");
		API_FIELDS.put("url", "\"https://93.184.216.34/hooks\"");
		API_FIELDS.put("eventTypes", "[\"order.approved\"]");
		API_FIELDS.put("format", "\"JSON\"");
		API_FIELDS.put("username", "\"shop\"");
		API_FIELDS.put("password", "\"pw\"");
		API_FIELDS.put("parameter", "\"key\"");
		API_FIELDS.put("token", "\"tok\"");
		API_FIELDS.put("hmac", "true");
		API_FIELDS.put("secret", "null");
		API_FIELDS.put("enabled", "true");
		API_FIELDS.put("maxConcurrency", "4");
		API_FIELDS.put("traceContext", "false");
		API_FIELDS.put("ordered", "false");
		API_FIELDS.put("filter", "null");
		API_FIELDS.put("includeFields", "[]");
		API_FIELDS.put("payload", "\"FULL\"");
	}

	private static final String TEMPLATE = """
			{"name":@name,"url":@url,"eventTypes":@eventTypes,"format":@format,
			 "auth":{"basic":{"username":@username,"password":@password},"token":{"parameter":@parameter,"value":@token},
			         "hmac":{"enabled":@hmac,"secret":@secret}},
			 "enabled":@enabled,"maxConcurrency":@maxConcurrency,"traceContext":@traceContext,"ordered":@ordered,
			 "filter":@filter,"includeFields":@includeFields,"payload":@payload}""";

	private static final String MEGABYTE = "x".repeat(1024 * 1024);

	private static String json(String text) {
		return tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(text);
	}

	/** Bad values for a text field of a limit, as JSON. */
	private static List<String> badTexts(int limit, boolean required) {
		List<String> values = new java.util.ArrayList<>(List.of(json("x".repeat(limit + 1)), json(MEGABYTE), "7", "true",
				"{}", "[]", json("a\u0000b"), "\"a\\ud800b\"",
				// multi-byte text past the limit: two-byte, three-byte and surrogate pairs
				json("é".repeat(limit + 1)), json("漢".repeat(limit + 1)), json("😀".repeat(limit / 2 + 1))));
		if (required) {
			values.add(0, "\"\"");
		}
		return values;
	}

	/** Within the letters allowed, past the column once encrypted (719 bytes of UTF-8 fit). */
	private static List<String> encryptedPastItsColumn() {
		return List.of(json("é".repeat(360)), json("漢".repeat(300)), json("漢".repeat(500)), json("x".repeat(400) + "é".repeat(200)));
	}

	/** Bad values for a list of texts stored together up to a limit, as JSON. */
	private static List<String> badLists(String item, int together, boolean required) {
		List<String> values = new java.util.ArrayList<>(List.of("[" + json("x".repeat(201)) + "]", "[" + json(MEGABYTE) + "]",
				json(item), "[7]", "[{}]", "[" + json("a\u0000b") + "]", "[\"a\\udc00\"]", "[null]",
				"[" + json(item) + ",null]", "[" + json("é".repeat(201)) + "]",
				"[" + String.join(",", java.util.Collections.nCopies(together / item.length() + 1, json(item))) + "]"));
		if (required) {
			values.add(0, "[]");
			values.add(1, "[\"\"]");
		}
		return values;
	}

	/** Every field of the endpoint API, each with every kind of bad value, the others valid. */
	static Stream<Arguments> everyApiField() {
		Map<String, List<String>> bad = new java.util.LinkedHashMap<>();
		bad.put("name", badTexts(200, true));
		bad.put("url", join(badTexts(2000, true), List.of(
				// under 2,000 letters, over 2,000 characters once percent-encoded
				json("https://93.184.216.34/" + "é".repeat(700)), json("https://93.184.216.34/?q=" + "漢".repeat(300)))));
		bad.put("eventTypes", badLists("order.approved", 4000, true));
		bad.put("format", List.of("\"SOAP\"", "7", "\"\"", "true", "{}"));
		bad.put("username", badTexts(200, false));
		bad.put("password", join(badTexts(500, false), encryptedPastItsColumn()));
		bad.put("parameter", badTexts(100, false));
		bad.put("token", join(badTexts(500, false), encryptedPastItsColumn()));
		bad.put("hmac", List.of("7", "\"true\"", "1.5", "\"\"", "{}", "[]"));
		bad.put("secret", badTexts(200, false));
		bad.put("enabled", List.of("7", "\"true\"", "1.5", "\"\"", "{}", "[]"));
		bad.put("maxConcurrency", List.of("0", "-1", "257", "2147483648", "1e400", "4.5", "\"4\"", "true", "\"\"", "{}"));
		bad.put("traceContext", List.of("7", "\"true\"", "1.5", "\"\"", "{}", "[]"));
		bad.put("ordered", List.of("7", "\"false\"", "1.5", "\"\"", "{}", "[]"));
		bad.put("filter", badTexts(1000, false));
		bad.put("includeFields", badLists("orderId", 2000, false));
		bad.put("payload", List.of("\"FAT\"", "7", "\"\"", "true", "{}"));
		List<Arguments> calls = new java.util.ArrayList<>();
		bad.forEach((field, values) -> {
			for (String value : values) {
				String body = TEMPLATE;
				for (Map.Entry<String, String> valid : API_FIELDS.entrySet()) {
					body = body.replace("@" + valid.getKey() + ",", (valid.getKey().equals(field) ? value : valid.getValue()) + ",")
						.replace("@" + valid.getKey() + "}", (valid.getKey().equals(field) ? value : valid.getValue()) + "}");
				}
				String json = body;
				String shown = (value.length() > 40) ? value.substring(0, 40) + "... (" + value.length() + " characters)" : value;
				calls.add(call(field + " = " + shown + " (create)",
						id -> post(API).contentType(MediaType.APPLICATION_JSON).content(json)));
				calls.add(call(field + " = " + shown + " (update)",
						id -> put(API + "/" + id).contentType(MediaType.APPLICATION_JSON).content(json)));
			}
		});
		return calls.stream();
	}

	@Test
	void theFieldMatrixCoversEveryFieldOfTheApi() {
		assertThat(TEMPLATE).doesNotContainPattern("@(?!(" + String.join("|", API_FIELDS.keySet()) + ")[,}])");
		for (String field : API_FIELDS.keySet()) {
			assertThat(everyApiField().map(a -> a.get()[0].toString())).as(field).anyMatch(n -> n.startsWith(field + " = "));
		}
		String allValid = TEMPLATE;
		for (Map.Entry<String, String> valid : API_FIELDS.entrySet()) {
			allValid = allValid.replace("@" + valid.getKey(), valid.getValue());
		}
		assertThat(allValid).doesNotContain("@");
	}

	@Test
	void theFieldMatrixTemplateWithEveryValidValueIsAccepted() throws Exception {
		String allValid = TEMPLATE;
		for (Map.Entry<String, String> valid : API_FIELDS.entrySet()) {
			allValid = allValid.replace("@" + valid.getKey(), valid.getValue());
		}
		assertThat(this.mvc
			.perform(post(API).contentType(MediaType.APPLICATION_JSON)
				.content(allValid)
				.with(httpBasic(AdminTestApplication.ADMIN, AdminTestApplication.PASSWORD)))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(201);
	}

	@ParameterizedTest(name = "API: {0}")
	@MethodSource({ "apiBodies", "apiRequests", "everyApiField" })
	void badApiInputIsAClearProblemAndChangesNothing(String name, Function<Long, MockHttpServletRequestBuilder> request)
			throws Exception {
		String before = snapshot();
		MockHttpServletResponse response = this.mvc
			.perform(request.apply(this.existing).with(httpBasic(AdminTestApplication.ADMIN, AdminTestApplication.PASSWORD)))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).as(name).isBetween(400, 499);
		if (response.getStatus() != 415) {
			assertThat(response.getContentType()).as(name).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			assertThat(response.getContentAsString()).as(name).contains("\"detail\":\"");
		}
		assertThat(response.getContentAsString()).as(name).doesNotContain("Exception", "at io.", "at org.");
		assertThat(snapshot()).as(name).isEqualTo(before);
	}

	static Stream<Arguments> formPosts() {
		return Stream.of(form("name too long", Map.of("name", "n".repeat(201))),
				form("name blank", Map.of("name", "  ")),
				form("url javascript", Map.of("url", "javascript:alert(1)")),
				form("url metadata address", Map.of("url", "http://169.254.169.254/latest/meta-data/")),
				form("url loopback spelled in octal", Map.of("url", "http://0177.0.0.1/")),
				form("url with NUL", Map.of("url", "https://93.184.216.34/\u0000")),
				form("unknown event type", Map.of("eventTypes", "order.shipped")),
				form("no event type", Map.of("eventTypes", "")),
				form("unknown format", Map.of("format", "YAML")),
				form("concurrency as text", Map.of("maxConcurrency", "eight")),
				form("negative concurrency", Map.of("maxConcurrency", "-3")),
				form("basic user with colon", Map.of("basicEnabled", "true", "basicUsername", "a:b")),
				form("token parameter with spaces",
						Map.of("tokenEnabled", "true", "urlTokenParameter", "a b", "urlToken", "abc")),
				form("token ticked without a token", Map.of("tokenEnabled", "true", "urlToken", "")),
				form("signing not a boolean", Map.of("signing", "maybe")),
				form("filter calling a method", Map.of("filter", "T(java.lang.Runtime).getRuntime()")),
				form("filter with a single =", Map.of("filter", "total = 100")),
				form("field path with index", Map.of("includeFields", "orderId, lines[0]")),
				form("unknown payload mode", Map.of("payload", "FAT")),
				form("script in name with bad URL", Map.of("name", "<script>alert(1)</script>", "url", "nope")));
	}

	/** Every field of the endpoint form, each with every kind of bad value, the others valid. */
	static Stream<Arguments> everyFormField() {
		List<String> texts = List.of(MEGABYTE, "a\u0000b", "a\ud800b");
		Map<String, List<String>> bad = new java.util.LinkedHashMap<>();
		bad.put("name", join(List.of("", "n".repeat(201)), texts));
		bad.put("url", join(List.of("", "https://93.184.216.34/" + "a".repeat(2000),
				"https://93.184.216.34/" + "é".repeat(700)), texts));
		bad.put("eventTypes", join(List.of("", "o".repeat(201)), texts));
		bad.put("format", List.of("SOAP", MEGABYTE, "7"));
		bad.put("urlTokenParameter", join(List.of("p".repeat(101)), texts));
		bad.put("urlToken", join(List.of("t".repeat(501), "漢".repeat(300), "é".repeat(500)), texts));
		bad.put("basicUsername", join(List.of("u".repeat(201)), texts));
		bad.put("basicPassword", join(List.of("p".repeat(501), "漢".repeat(300), "é".repeat(500)), texts));
		bad.put("maxConcurrency", List.of("0", "257", "1e400", "99999999999", "eight", MEGABYTE));
		bad.put("filter", join(List.of("f".repeat(1001)), texts));
		bad.put("includeFields", join(List.of("i".repeat(201), "orderId, ".repeat(300)), texts));
		bad.put("payload", List.of("FAT", MEGABYTE));
		for (String flag : List.of("signing", "tokenEnabled", "basicEnabled", "ordered", "propagateTrace")) {
			bad.put(flag, List.of("maybe", "7", MEGABYTE));
		}
		List<Arguments> forms = new java.util.ArrayList<>();
		bad.forEach((field, values) -> {
			for (String value : values) {
				Map<String, String> overrides = new java.util.LinkedHashMap<>();
				if (field.startsWith("urlToken")) {
					overrides.putAll(Map.of("tokenEnabled", "true", "urlTokenParameter", "key", "urlToken", "abc"));
				}
				if (field.startsWith("basic")) {
					overrides.putAll(Map.of("basicEnabled", "true", "basicUsername", "shop", "basicPassword", "pw"));
				}
				overrides.put(field, value);
				String shown = (value.length() > 40) ? value.substring(0, 40) + "... (" + value.length() + " characters)"
						: value;
				forms.add(form(field + " = " + shown, overrides));
			}
		});
		return forms.stream();
	}

	private static List<String> join(List<String> first, List<String> second) {
		return Stream.concat(first.stream(), second.stream()).toList();
	}

	private static Arguments form(String name, Map<String, String> overrides) {
		Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of("name", "ERP", "url",
				"https://93.184.216.34/hooks", "eventTypes", "order.approved", "format", "JSON", "signing", "true"));
		fields.putAll(overrides);
		return Arguments.of(name, fields);
	}

	@ParameterizedTest(name = "form: {0}")
	@MethodSource({ "formPosts", "everyFormField" })
	void badFormInputShowsTheFormWithAMessageAndChangesNothing(String name, Map<String, String> fields)
			throws Exception {
		for (String path : List.of("/admin/webhooks/endpoints/new", "/admin/webhooks/endpoints/" + this.existing + "/edit")) {
			String before = snapshot();
			MockHttpServletRequestBuilder request = post(path).with(admin()).with(csrf());
			fields.forEach(request::param);
			MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
			assertThat(response.getStatus()).as(name + " " + path).isEqualTo(200);
			String page = response.getContentAsString();
			assertThat(page).as(name + " " + path).contains("class=\"error\"").doesNotContain("<script>alert(1)");
			assertThat(snapshot()).as(name + " " + path).isEqualTo(before);
		}
	}

	static Stream<Arguments> screenRequests() {
		return Stream.of(
				call("edit id not a number",
						id -> post("/admin/webhooks/endpoints/abc/edit")
							.param("name", "x")),
				call("recover since not a time",
						id -> post(
								"/admin/webhooks/endpoints/" + id + "/recover").param("since", "garbage")),
				call("recover without since",
						id -> post(
								"/admin/webhooks/endpoints/" + id + "/recover")),
				call("rotation overlap not a number",
						id -> post(
								"/admin/webhooks/endpoints/" + id + "/rotate").param("overlapHours", "abc")),
				call("unknown status filter",
						id -> get("/admin/webhooks/deliveries")
							.param("status", "EXPLODED")),
				call("since filter not a time",
						id -> get("/admin/webhooks/deliveries")
							.param("since", "not-a-time")),
				call("delivery id not a number",
						id -> get("/admin/webhooks/deliveries/abc")),
				call("recover since far after the calendar",
						id -> post("/admin/webhooks/endpoints/" + id + "/recover").param("since", "+999999999-12-31T23:59:59")),
				call("since filter far before the calendar",
						id -> get("/admin/webhooks/deliveries").param("since", "-999999999-01-01T00:00:00")),
				call("type filter of 1 MB", id -> get("/admin/webhooks/deliveries").param("type", MEGABYTE)));
	}

	@ParameterizedTest(name = "screen: {0}")
	@MethodSource("screenRequests")
	void badParametersOnScreensAreAReadable400(String name, Function<Long, MockHttpServletRequestBuilder> request)
			throws Exception {
		String before = snapshot();
		MockHttpServletResponse response = this.mvc.perform(request.apply(this.existing).with(admin()).with(csrf()))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).as(name).isEqualTo(400);
		assertThat(response.getContentAsString()).as(name).contains("could not be understood");
		assertThat(snapshot()).as(name).isEqualTo(before);
	}

	@Test
	void thereAreAtLeastFiftyBadInputs() {
		assertThat(apiBodies().count() + apiRequests().count() + formPosts().count() * 2 + screenRequests().count())
			.isGreaterThanOrEqualTo(50);
	}

	private static RequestPostProcessor admin() {
		return user(AdminTestApplication.ADMIN).roles("WEBHOOK_ADMIN");
	}

	/** Everything stored about endpoints, deliveries and settings, as text. */
	private String snapshot() {
		return this.jdbc.queryForList("SELECT * FROM shophooks_endpoint ORDER BY id").toString()
				+ this.jdbc.queryForList("SELECT * FROM shophooks_delivery ORDER BY id")
				+ this.jdbc.queryForList("SELECT * FROM shophooks_setting ORDER BY name");
	}

}
