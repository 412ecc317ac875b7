package io.shophooks.bench;

import java.util.List;

/**
 * ShopHooks and the hand-written listener against a receiver that answers after 50 ms, as
 * one across the internet would (on loopback every receiver answers at once, which hides
 * what an outbox is for: the shop's transactions never wait for a receiver). Deliveries/s
 * and what each transaction took the shop's thread.
 */
final class SlowReceiverPhase {

	static final long ANSWER_AFTER_MILLIS = 50;

	static final String SUFFIX = ", receiver answering after " + ANSWER_AFTER_MILLIS + " ms";

	private SlowReceiverPhase() {
	}

	static void run(Bench bench) throws Exception {
		int events = bench.mode().slowEvents();
		try (FastReceiver slow = new FastReceiver(ANSWER_AFTER_MILLIS)) {
			ShopLoad.Throughput ours = once(bench, new ShopHooksContender(ShopHooksContender.POSTGRESQL), slow, events);
			ShopLoad.Throughput hand = once(bench, new HandWrittenContender(), slow, events);
			rows(bench.report(), ShopHooksContender.POSTGRESQL + SUFFIX, ours);
			rows(bench.report(), HandWrittenContender.NAME + SUFFIX, hand);
			bench.report().add(ShopHooksContender.POSTGRESQL + SUFFIX, "deliveries/s vs the hand-written listener",
					ours.deliveriesPerSecond() / hand.deliveriesPerSecond(), "x");
			bench.report().add(ShopHooksContender.POSTGRESQL + SUFFIX, "shop transactions/s vs the hand-written listener",
					ours.transactionsPerSecond() / hand.transactionsPerSecond(), "x");
		}
	}

	private static ShopLoad.Throughput once(Bench bench, Contender contender, FastReceiver slow, int events)
			throws Exception {
		bench.settle();
		try (Shop shop = contender.start(bench.postgres(), slow)) {
			ShopLoad.Throughput run = ShopLoad.closedLoop(shop, slow, "slow-" + contender.getClass().getSimpleName() + "-",
					events, null);
			shop.clean();
			return run;
		}
	}

	private static void rows(Report report, String name, ShopLoad.Throughput run) {
		List<Long> nanos = run.transactionNanos();
		report.add(name, "deliveries/s", run.deliveriesPerSecond(), "1/s");
		report.add(name, "shop transactions/s (8 threads)", run.transactionsPerSecond(), "1/s");
		report.add(name, "shop transaction p50", ShopLoad.percentile(nanos, 50) / 1e6, "ms");
		report.add(name, "shop transaction p99", ShopLoad.percentile(nanos, 99) / 1e6, "ms");
	}

}
