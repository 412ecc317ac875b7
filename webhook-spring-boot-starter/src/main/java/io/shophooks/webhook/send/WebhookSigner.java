package io.shophooks.webhook.send;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.shophooks.webhook.endpoint.SigningSecrets;

/**
 * Signs webhooks as the Standard Webhooks specification says:
 * {@code v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>}, one entry per
 * secret, space separated.
 */
final class WebhookSigner {

	private WebhookSigner() {
	}

	/**
	 * The {@code webhook-signature} header value.
	 * @param secrets the secrets, newest first
	 * @param id the {@code webhook-id}
	 * @param timestamp the {@code webhook-timestamp} (unix seconds)
	 * @param body the exact body bytes
	 * @return the header value
	 */
	static String sign(List<String> secrets, String id, long timestamp, byte[] body) {
		StringJoiner header = new StringJoiner(" ");
		byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
		for (String secret : secrets) {
			try {
				Mac mac = MACS.get();
				mac.init(KEYS.computeIfAbsent(secret, WebhookSigner::keyOf));
				mac.update(prefix);
				mac.update(body);
				header.add("v1," + Base64.getEncoder().encodeToString(mac.doFinal()));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("HmacSHA256 is not available", ex);
			}
		}
		return header.toString();
	}

	/** One MAC per sending thread: looking up the algorithm costs more than signing 1 KB. */
	private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
		try {
			return Mac.getInstance("HmacSHA256");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	});

	/** Decoded keys of the secrets in use (a few per endpoint); cleared when it grows. */
	private static final Map<String, SecretKeySpec> KEYS = new ConcurrentHashMap<>() {

		@Override
		public SecretKeySpec computeIfAbsent(String key,
				Function<? super String, ? extends SecretKeySpec> mapping) {
			if (size() > 10_000) {
				clear();
			}
			return super.computeIfAbsent(key, mapping);
		}

	};

	private static SecretKeySpec keyOf(String secret) {
		return new SecretKeySpec(SigningSecrets.key(secret), "HmacSHA256");
	}

}
