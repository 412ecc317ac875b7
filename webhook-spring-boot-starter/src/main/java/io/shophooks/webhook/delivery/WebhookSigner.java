package io.shophooks.webhook.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.shophooks.webhook.endpoint.SigningSecrets;

/**
 * Signs webhooks as the Standard Webhooks specification says:
 * {@code v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>}, one entry per
 * secret, space separated.
 */
public final class WebhookSigner {

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
	public static String sign(List<String> secrets, String id, long timestamp, byte[] body) {
		StringJoiner header = new StringJoiner(" ");
		byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
		for (String secret : secrets) {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(SigningSecrets.key(secret), "HmacSHA256"));
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

}
