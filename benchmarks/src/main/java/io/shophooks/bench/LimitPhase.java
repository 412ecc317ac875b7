package io.shophooks.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.classic.methods.HttpPost;

/**
 * The limit of this machine and receiver: 32 threads post pre-built, signed requests of
 * the same body with the same pooled client every contender uses; no database.
 */
final class LimitPhase {

	static final String NAME = "limit: Apache HttpClient 5";

	static final String CPU = "JVM CPU per 1,000 deliveries (client and receiver)";

	static final int THREADS = 32;

	private LimitPhase() {
	}

	/** One round: the rate and the CPU per 1,000 deliveries, kept in the report's rounds. */
	static void round(Bench bench) throws InterruptedException {
		int events = bench.mode().events();
		try (WebhookPost post = new WebhookPost(bench.receiver().url(), THREADS)) {
			List<HttpPost> requests = new ArrayList<>(events);
			for (int i = 0; i < events + bench.mode().warmUp(); i++) {
				String order = "limit-" + i;
				requests.add(post.request(WebhookPost.id(order), WebhookPost.body(ShopLoad.order(order), Instant.now())));
			}
			postAll(post, requests.subList(0, bench.mode().warmUp()));
			bench.receiver().reset("limit-");
			Resources cost = new Resources(0);
			cost.start();
			long start = System.nanoTime();
			postAll(post, requests.subList(bench.mode().warmUp(), requests.size()));
			ShopLoad.awaitArrivals(bench.receiver(), events);
			bench.report().round(NAME, "deliveries/s", events / ShopLoad.seconds(start), "1/s");
			bench.report().round(NAME, CPU, cost.jvmCpuMillis() * 1000 / events, "ms");
		}
	}

	private static void postAll(WebhookPost post, List<HttpPost> requests) throws InterruptedException {
		AtomicInteger next = new AtomicInteger();
		Thread[] threads = new Thread[THREADS];
		for (int t = 0; t < threads.length; t++) {
			threads[t] = new Thread(() -> {
				int i;
				while ((i = next.getAndIncrement()) < requests.size()) {
					post.send(requests.get(i));
				}
			}, "limit-" + t);
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
	}

}
