package io.shophooks.bench;

import java.util.ArrayList;
import java.util.List;


import io.shophooks.webhook.endpoint.EndpointDefinition;

/**
 * What publishing costs the shop's thread: one thread times business transactions with
 * and without an event, alternating (so both see the same background: the deliveries of
 * the events just published), with 1 and with 5 subscribed endpoints; the business
 * transaction with nothing being delivered is reported beside them.
 */
final class OverheadPhase {

	private OverheadPhase() {
	}

	static void run(Bench bench) throws Exception {
		String name = ShopHooksContender.POSTGRESQL;
		Report report = bench.report();
		int count = bench.mode().overheadTransactions();
		bench.settle();
		try (ShopHooksContender.Running shop = new ShopHooksContender(name).start(bench.postgres(), bench.receiver())) {
			ShopLoad.closedLoop(shop, bench.receiver(), "ovh-warm-", bench.mode().warmUp(), null);
			bench.receiver().reset("ovh-");
			List<Long> idle = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				idle.add(time(shop, "ovh-idle-" + i, false));
			}
			List<List<Long>> one = alternate(shop, "ovh-one-", count);
			for (int i = 0; i < 4; i++) {
				shop.endpoints()
					.create(EndpointDefinition.signed("bench" + i, bench.receiver().url(), List.of("order.approved"))
						.withMaxConcurrency(ShopHooksContender.CONCURRENCY));
			}
			List<List<Long>> five = alternate(shop, "ovh-five-", count);
			report.add(name, "business tx p50 / p99 (no webhook, nothing delivered)", p(idle, 50),
					"ms / " + Report.fmt(p(idle, 99)) + " ms");
			report.add(name, "business tx p50 / p99 (no webhook, between publishing ones)", p(one.get(0), 50),
					"ms / " + Report.fmt(p(one.get(0), 99)) + " ms");
			report.add(name, "publish overhead p50 (1 endpoint)", p(one.get(1), 50) - p(one.get(0), 50), "ms");
			report.add(name, "publish overhead p99 (1 endpoint)", p(one.get(1), 99) - p(one.get(0), 99), "ms");
			report.add(name, "publish overhead p99 (5 endpoints)", p(five.get(1), 99) - p(five.get(0), 99), "ms");
			// the five endpoints share one order id: wait for both runs' orders before cleaning up
			ShopLoad.awaitArrivals(bench.receiver(), 2 * count);
			shop.clean();
		}
	}

	private static double p(List<Long> nanos, double percentile) {
		return ShopLoad.percentile(nanos, percentile) / 1e6;
	}

	/** Without (index 0) and with (index 1) an event, alternating, {@code count} each. */
	private static List<List<Long>> alternate(ShopHooksContender.Running shop, String prefix, int count) {
		List<Long> without = new ArrayList<>(count);
		List<Long> with = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			without.add(time(shop, prefix + "plain-" + i, false));
			with.add(time(shop, prefix + i, true));
		}
		return List.of(without, with);
	}

	/** One business transaction, with an event or without: its nanoseconds. */
	private static long time(ShopHooksContender.Running shop, String order, boolean publish) {
		long start = System.nanoTime();
		shop.transactions().executeWithoutResult(status -> {
			shop.jdbc().update("INSERT INTO bench_order (id, total) VALUES (?, ?)", order, 42);
			if (publish) {
				shop.publish(ShopLoad.order(order));
			}
		});
		return System.nanoTime() - start;
	}

}
