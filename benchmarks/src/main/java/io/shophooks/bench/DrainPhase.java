package io.shophooks.bench;

import java.util.List;

import javax.sql.DataSource;

import io.shophooks.webhook.deliveries.PauseControl;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;

/**
 * Delivery alone, and isolation: events committed while delivery is paused, then timed
 * from resume to the last arrival; again with a second healthy endpoint, and with a
 * second endpoint that never answers (the healthy one should keep its rate).
 */
final class DrainPhase {

	private DrainPhase() {
	}

	static void run(Bench bench, String name, DataSource dataSource, double limit) throws Exception {
		Report report = bench.report();
		int events = bench.mode().events();
		try (ShopHooksContender.Running shop = new ShopHooksContender(name).start(dataSource, bench.receiver())) {
			ShopLoad.closedLoop(shop, bench.receiver(), "drain-warm-", bench.mode().warmUp(), null);
			double alone = drain(shop, bench.receiver(), "drain-alone-", events);
			report.add(name, "drain deliveries/s (backlog, nothing else running)", alone, "1/s");
			report.add(name, "drain ratio to limit", alone / limit, "x");
			EndpointService endpoints = shop.endpoints();
			try (FastReceiver second = new FastReceiver()) {
				endpoints.create(EndpointDefinition.signed("second", second.url(), List.of("order.approved")));
				double withSecond = drain(shop, bench.receiver(), "drain-two-", events);
				report.add(name, "drain deliveries/s with a second healthy endpoint", withSecond, "1/s");
				delete(endpoints, "second");
				try (HangingReceiver hanging = new HangingReceiver()) {
					endpoints.create(EndpointDefinition.signed("hangs", hanging.url(), List.of("order.approved")));
					double withHang = drain(shop, bench.receiver(), "drain-hang-", events);
					report.add(name, "drain deliveries/s with a hanging second endpoint", withHang, "1/s");
					report.add(name, "healthy rate kept while one endpoint hangs", withHang / withSecond, "x");
					delete(endpoints, "hangs");
				}
			}
			shop.clean();
		}
	}

	private static void delete(EndpointService endpoints, String name) {
		endpoints.list().stream().filter(e -> e.name().equals(name)).forEach(e -> endpoints.delete(e.id()));
	}

	/** Commit events while delivery is paused, let the fan-out finish, then time the drain alone. */
	static double drain(ShopHooksContender.Running shop, FastReceiver receiver, String prefix, int events)
			throws InterruptedException {
		PauseControl pause = shop.pause();
		pause.pause();
		shop.awaitQuiet(1200);
		ShopLoad.closedLoopWithoutWaiting(shop, receiver, prefix, events);
		shop.awaitQuiet(1000); // the drain measures sending alone
		long start = System.nanoTime();
		pause.resume();
		ShopLoad.awaitArrivals(receiver, events);
		return events / ShopLoad.seconds(start);
	}

}
