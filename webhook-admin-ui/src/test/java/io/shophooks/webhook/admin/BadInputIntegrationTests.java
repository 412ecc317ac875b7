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
				call("replay id not a number", id -> post(
						"/api/webhooks/deliveries/abc/replay")));
	}

	@ParameterizedTest(name = "API: {0}")
	@MethodSource({ "apiBodies", "apiRequests" })
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

	private static Arguments form(String name, Map<String, String> overrides) {
		Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of("name", "ERP", "url",
				"https://93.184.216.34/hooks", "eventTypes", "order.approved", "format", "JSON", "signing", "true"));
		fields.putAll(overrides);
		return Arguments.of(name, fields);
	}

	@ParameterizedTest(name = "form: {0}")
	@MethodSource("formPosts")
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
						id -> get("/admin/webhooks/deliveries/abc")));
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
