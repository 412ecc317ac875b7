package io.shophooks.webhook.admin.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.shophooks.webhook.send.OutgoingRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Copy as cURL" is pasted into a terminal by a person who trusts it. Each copied
 * command below carries a hostile value (typed by a customer into a name, a note, a
 * URL) in its body, a header and its URL; it is run by an interactive bash reading it
 * as a paste, against a receiver on loopback. The receiver must get exactly one request
 * with the very bytes of the original, and nothing else may happen: no file created, no
 * variable or history expanded, no second request from cURL's own URL globbing.
 */
class CurlCommandIntegrationTests {

	private static HttpServer receiver;

	private static final List<Received> received = new CopyOnWriteArrayList<>();

	@TempDir
	static Path workDir;

	record Received(String rawPathAndQuery, Map<String, String> headers, byte[] body) {
	}

	@BeforeAll
	static void startReceiver() throws IOException {
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/", exchange -> {
			Map<String, String> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
			byte[] body = exchange.getRequestBody().readAllBytes();
			received.add(new Received(exchange.getRequestURI().getRawPath() + "?"
					+ exchange.getRequestURI().getRawQuery(), headers, body));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.stop(0);
	}

	@BeforeEach
	void clear() {
		received.clear();
	}

	static Path canary() {
		return workDir.resolve("pwned");
	}

	/** Values a customer could type, each meant to make a shell do something. */
	static Stream<Arguments> hostileValues() {
		String canary = canary().toString();
		List<Arguments> values = new ArrayList<>();
		for (String value : List.of("$(touch " + canary + ")", "`touch " + canary + "`", "${HOME} $HOME $0 $$",
				"$((6*7)) $[6*7]", "$'\\x41' $\"x\"", "it's \"quoted\" 'both' ''\\''", "bang !! !$ !-1 !# ^a^b",
				"back\\slash \\n \\' \\\\", "{a,b} [1-2] *? ~root", "; touch " + canary + " && touch " + canary + " | cat",
				"@/etc/passwd", "-H x: y --output " + canary, "Nguyễn Văn A — 🛒 ẞ ÿ", "tab\there",
				"'$(touch " + canary + ")'\"$(touch " + canary + ")\"")) {
			values.add(Arguments.of(value, value.getBytes(StandardCharsets.UTF_8)));
		}
		values.add(Arguments.of("newlines",
				("line one\nline two\r\n$(touch " + canary + ")\n").getBytes(StandardCharsets.UTF_8)));
		values.add(Arguments.of("control characters", "bell\u0007 escape\u001b[31mred\u001b[0m del\u007f c1\u0085"
			.getBytes(StandardCharsets.UTF_8)));
		values.add(Arguments.of("NUL", new byte[] { 'a', 0, 'b', 0 }));
		values.add(Arguments.of("not UTF-8", new byte[] { (byte) 0xff, (byte) 0xfe, '$', '(', ')', (byte) 0xc3, '\'',
				(byte) 0x80 }));
		values.add(Arguments.of("300,000 characters", ("$(touch " + canary + ")'\"!").repeat(10_000)
			.getBytes(StandardCharsets.UTF_8)));
		return values.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileValues")
	void copiedCommandSendsTheSameBytesAndDoesNothingElse(String name, byte[] value) throws Exception {
		String text = new String(value, StandardCharsets.UTF_8);
		String headerValue = headerSafe(text);
		String pathValue = "$(touch%20" + canary() + ")'!$HOME;*&x=y";
		String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/" + pathValue + "?shop=" + pathValue
				+ "&token=****";
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json; charset=utf-8");
		headers.put("webhook-id", "msg_2AbC");
		headers.put("webhook-signature", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=");
		headers.put("x-customer-note", headerValue);
		headers.put("Authorization", "Basic c2VjcmV0OnNlY3JldA==");
		OutgoingRequest request = new OutgoingRequest(URI.create("http://127.0.0.1/"), url, headers, value);

		String command = CurlCommand.of(request);
		assertThat(command).doesNotContain("c2VjcmV0OnNlY3JldA==");
		Result result = pasteIntoBash(command,
				Map.of("WEBHOOK_URL_TOKEN", "t%24k", "WEBHOOK_BASIC_USER", "shop$user", "WEBHOOK_BASIC_PASSWORD",
						"p'w\"$(touch " + canary() + ")"));

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).doesNotContain("event not found", "command not found", "No such file",
				"unexpected EOF", "syntax error");
		assertThat(canary()).doesNotExist();
		assertThat(received).as(result.output()).hasSize(1);
		Received got = received.get(0);
		assertThat(got.body()).isEqualTo(value);
		assertThat(got.rawPathAndQuery()).isEqualTo("/hooks/" + pathValue + "?shop=" + pathValue + "&token=t%24k");
		assertThat(got.headers().get("x-customer-note").getBytes(StandardCharsets.ISO_8859_1))
			.isEqualTo(headerValue.getBytes(StandardCharsets.UTF_8));
		assertThat(got.headers()).containsEntry("webhook-id", "msg_2AbC")
			.containsEntry("webhook-signature", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=")
			.containsEntry("content-type", "application/json; charset=utf-8")
			.containsEntry("authorization", "Basic " + Base64.getEncoder()
				.encodeToString(("shop$user:p'w\"$(touch " + canary() + ")").getBytes(StandardCharsets.UTF_8)));
	}

	/** A header cannot carry line breaks, NUL or other control characters, nor be 300,000 long. */
	private static String headerSafe(String text) {
		String safe = text.codePoints()
			.filter(c -> c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) && c != 0xfffd)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return (safe.length() > 2000) ? safe.substring(0, 2000) : safe;
	}

	record Result(int exitCode, String output) {
	}

	/** Run the command the way a paste runs it: an interactive bash reading it as typed input. */
	private static Result pasteIntoBash(String command, Map<String, String> variables) throws Exception {
		ProcessBuilder builder = new ProcessBuilder("bash", "--norc", "--noprofile", "-i").directory(workDir.toFile())
			.redirectErrorStream(true);
		builder.environment().putAll(variables);
		builder.environment().put("HOME", workDir.toString());
		builder.environment().remove("HISTFILE");
		Process bash = builder.start();
		bash.getOutputStream().write((command + "\nexit $?\n").getBytes(StandardCharsets.UTF_8));
		bash.getOutputStream().close();
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		try (InputStream in = bash.getInputStream()) {
			in.transferTo(output);
		}
		assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(bash.exitValue(), output.toString(StandardCharsets.UTF_8));
	}

}
