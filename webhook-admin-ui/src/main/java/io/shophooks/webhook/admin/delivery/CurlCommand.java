package io.shophooks.webhook.admin.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.shophooks.webhook.send.OutgoingRequest;

/**
 * A bash command that reproduces a webhook request with cURL, inert for every body,
 * header and URL: whatever a customer typed into the shop, pasting the command runs
 * cURL and nothing else.
 * <p>
 * Every value is written inside single quotes, in which bash expands nothing
 * ({@code '} itself is written {@code '\''}); a value holding a control character is
 * written in ANSI-C quotes ({@code $'\x07'}), which expand escapes but no variables or
 * commands. The body goes to cURL on standard input through the {@code printf} builtin,
 * so its size is not bound by the kernel's limit on one argument and a leading {@code @}
 * never names a file; a body that is not printable UTF-8 travels as base64. cURL's own
 * URL globbing ({@code {a,b}}, {@code [1-9]}) is switched off. The URL token
 * and the Basic credentials are never part of the command: they are read from the
 * variables {@code WEBHOOK_URL_TOKEN}, {@code WEBHOOK_BASIC_USER} and
 * {@code WEBHOOK_BASIC_PASSWORD}, placed outside any quoted value.
 */
final class CurlCommand {

	private static final String MASKED_TOKEN = "=****";

	private CurlCommand() {
	}

	static String of(OutgoingRequest request) {
		StringBuilder curl = new StringBuilder();
		byte[] body = request.body();
		if (isPrintableText(body)) {
			curl.append("printf '%s' ").append(quote(new String(body, StandardCharsets.UTF_8))).append(" \\\n");
		}
		else {
			curl.append("printf '%s' ")
				.append(quote(Base64.getEncoder().encodeToString(body)))
				.append(" | base64 -d \\\n");
		}
		curl.append("| curl --globoff -i -X POST ").append(url(request.displayUrl()));
		for (Map.Entry<String, String> header : request.headers().entrySet()) {
			if (header.getKey().equalsIgnoreCase("Authorization")) {
				continue;
			}
			curl.append(" \\\n  -H ").append(quote(header.getKey() + ": " + header.getValue()));
		}
		if (request.headers().keySet().stream().anyMatch("Authorization"::equalsIgnoreCase)) {
			curl.append(" \\\n  -u \"$WEBHOOK_BASIC_USER:$WEBHOOK_BASIC_PASSWORD\"");
		}
		curl.append(" \\\n  --data-binary @-");
		return curl.toString();
	}

	/** The URL as a quoted value; a masked token becomes the variable that holds it. */
	private static String url(String displayUrl) {
		if (displayUrl.endsWith(MASKED_TOKEN)) {
			String withoutToken = displayUrl.substring(0, displayUrl.length() - MASKED_TOKEN.length() + 1);
			return quote(withoutToken) + "\"$WEBHOOK_URL_TOKEN\"";
		}
		return quote(displayUrl);
	}

	/**
	 * One shell word that bash reads back as exactly {@code value}, with no expansion.
	 * @param value the value
	 * @return the quoted word
	 */
	static String quote(String value) {
		if (value.codePoints().anyMatch(CurlCommand::isControl)) {
			return ansiC(value);
		}
		return "'" + value.replace("'", "'\\''") + "'";
	}

	/**
	 * Control characters other than newline, which single quotes keep as it is; a tab is
	 * one too, because a terminal turns a pasted tab into a completion request.
	 */
	private static boolean isControl(int c) {
		return (c < 0x20 && c != '\n') || c == 0x7f || (c >= 0x80 && c < 0xa0);
	}

	private static String ansiC(String value) {
		StringBuilder quoted = new StringBuilder("$'");
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			// quote and exclamation mark as escapes too, so that an interactive shell's
			// history expansion, which reads quotes naively, sees one quoted word
			if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\' && c != '!') {
				quoted.append((char) c);
			}
			else {
				quoted.append(String.format("\\x%02x", c));
			}
		}
		return quoted.append('\'').toString();
	}

	/** Whether the bytes are valid UTF-8 with no control character but newline. */
	private static boolean isPrintableText(byte[] bytes) {
		try {
			String text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
			return text.codePoints().noneMatch(CurlCommand::isControl);
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
