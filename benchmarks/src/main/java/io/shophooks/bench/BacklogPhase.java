package io.shophooks.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.deliveries.PauseControl;

/**
 * A big backlog: three queues as long as one throughput run drained whole, then one queue
 * of the mode's backlog (1,000,000 in the full run) drained the same number at a time,
 * three times; the medians compared. The queues are written with SQL, already fanned
 * out, and the database settles before each timing, as after a backlog that built up
 * over hours.
 */
final class BacklogPhase {

	private BacklogPhase() {
	}

	static void run(Bench bench) throws Exception {
		String name = ShopHooksContender.POSTGRESQL;
		int events = bench.mode().events();
		bench.settle();
		try (ShopHooksContender.Running shop = new ShopHooksContender(name).start(bench.postgres(), bench.receiver())) {
			long endpoint = shop.endpoints().list().get(0).id();
			List<Double> small = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				small.addAll(queuedDrain(bench, shop, "q" + i + "-", events, events, 1, endpoint));
			}
			List<Double> big = queuedDrain(bench, shop, "qb-", bench.mode().backlog(), events, 3, endpoint);
			bench.report().add(name, "drain deliveries/s, " + events + " of a queue of " + events + " (median of 3: "
					+ rates(small) + ")", Report.median(small), "1/s");
			bench.report().add(name, "drain deliveries/s, " + events + " at a time of a queue of "
					+ bench.mode().backlog() + " (median of 3: " + rates(big) + ")", Report.median(big), "1/s");
			bench.report().add(name, "drain with the big backlog vs the short queue",
					Report.median(big) / Report.median(small), "x");
			shop.clean();
		}
	}

	/**
	 * Queue {@code queued} due deliveries at once, then {@code times} times: let the
	 * database settle and time how fast the next {@code measured} arrive.
	 */
	private static List<Double> queuedDrain(Bench bench, ShopHooksContender.Running shop, String prefix, int queued,
			int measured, int times, long endpointId) throws InterruptedException {
		JdbcTemplate jdbc = shop.jdbc();
		FastReceiver receiver = bench.receiver();
		PauseControl pause = shop.pause();
		pause.pause();
		shop.awaitQuiet(1200);
		jdbc.update("INSERT INTO shophooks_event (id, event_type, payload, fanned_out, created_at) "
				+ "SELECT ? || g, 'order.approved', '{\"orderId\":\"' || ? || g || '\",\"email\":\"ann@example.com\","
				+ "\"note\":\"' || repeat('x', 900) || '\"}', TRUE, now() FROM generate_series(1, ?) g", prefix, prefix,
				queued);
		jdbc.update("INSERT INTO shophooks_delivery (event_id, endpoint_id, event_type, status, next_attempt_at, "
				+ "created_at, updated_at) SELECT ? || g, ?, 'order.approved', 'PENDING', now(), now(), now() "
				+ "FROM generate_series(1, ?) g", prefix, endpointId, queued);
		List<Double> rates = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			bench.settle();
			receiver.reset(prefix);
			long start = System.nanoTime();
			pause.resume();
			ShopLoad.awaitArrivals(receiver, measured);
			rates.add(measured / ShopLoad.seconds(start));
			pause.pause();
			shop.awaitQuiet(1200);
		}
		jdbc.update("DELETE FROM shophooks_delivery WHERE status = 'PENDING'");
		pause.resume();
		return rates;
	}

	private static String rates(List<Double> values) {
		return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).collect(Collectors.joining(" / "));
	}

}
