package io.shophooks.webhook;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The packages {@link WebhookEventScan} names, read when the event catalog is built.
 */
@Internal
public final class WebhookEventPackages {

	static final String BEAN_NAME = "io.shophooks.webhook.WebhookEventPackages";

	private final Set<String> packages = new LinkedHashSet<>();

	WebhookEventPackages(Collection<String> packages) {
		this.packages.addAll(packages);
	}

	synchronized void add(Collection<String> more) {
		this.packages.addAll(more);
	}

	/**
	 * The packages, in the order they were named.
	 * @return the packages
	 */
	public synchronized List<String> packages() {
		return List.copyOf(this.packages);
	}

}
