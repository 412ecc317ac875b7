package io.shophooks.webhook.send;

import java.net.URI;
import java.util.Map;

/**
 * One webhook request, ready to send: the body is final and signed.
 *
 * @param uri the URI to post to, with the URL token
 * @param displayUrl the URI with the URL token masked, for logs and the attempt log
 * @param headers the headers, including {@code Content-Type} and any {@code Authorization}
 * @param body the body bytes
 */
public record OutgoingRequest(URI uri, String displayUrl, Map<String, String> headers, byte[] body) {

	@Override
	public String toString() {
		return "OutgoingRequest[" + this.displayUrl + "]";
	}

}
