package io.shophooks.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The embedded default: ShopHooks on an H2 file database with the sample shop's URL
 * settings ({@code WRITE_DELAY=0}: every commit written at once). Deliveries/s while the
 * shop commits (after a warm-up) beside what the same business transactions reach on
 * the same file without a webhook, CPU, heap peak, commit-to-receiver latency at 200
 * events/s, and the drains.
 */
final class H2Phase {

	static final String NAME = "ShopHooks (H2 file)";

	private H2Phase() {
	}

	static void run(Bench bench, double limit) throws Exception {
		Report report = bench.report();
		Path file = bench.out().toAbsolutePath().resolve("bench-h2");
		// a new file each run: H2 does not give back the space of dropped tables, and the file
		// of earlier runs grew to gigabytes
		Files.deleteIfExists(file.resolveSibling("bench-h2.mv.db"));
		Files.deleteIfExists(file.resolveSibling("bench-h2.trace.db"));
		try (HikariDataSource h2 = Benchmarks.pool("jdbc:h2:file:" + file + ";WRITE_DELAY=0", "sa", "")) {
			// what the H2 file itself allows: the same business transactions, no webhook
			double alone;
			try (Shop shop = new ShopAlone().start(h2, bench.receiver())) {
				ShopLoad.closedLoop(shop, bench.receiver(), "h2-alone-warm-", bench.mode().warmUp(), null);
				Resources resources = new Resources(0);
				ShopLoad.Throughput run = ShopLoad.closedLoop(shop, bench.receiver(), "h2-alone-run-",
						bench.mode().events(), resources);
				alone = run.transactionsPerSecond();
				report.add(NAME, "the shop alone on H2: transactions/s", alone, "1/s");
				report.add(NAME, "the shop alone on H2: JVM CPU per 1,000 transactions",
						resources.jvmCpuMillis() * 1000 / run.events(), "ms");
				shop.jdbc().update("DELETE FROM bench_order");
			}
			try (ShopHooksContender.Running shop = new ShopHooksContender(NAME).start(h2, bench.receiver())) {
				ShopLoad.closedLoop(shop, bench.receiver(), "h2-warm-", bench.mode().warmUp(), null);
				Resources resources = new Resources(0);
				System.gc();
				ShopLoad.Throughput run = ShopLoad.closedLoop(shop, bench.receiver(), "h2-run-", bench.mode().events(),
						resources);
				report.add(NAME, "deliveries/s", run.deliveriesPerSecond(), "1/s");
				report.add(NAME, "shop transactions/s (8 threads)", run.transactionsPerSecond(), "1/s");
				report.add(NAME, "ratio to limit", run.deliveriesPerSecond() / limit, "x");
				report.add(NAME, "deliveries/s vs the shop alone on H2", run.deliveriesPerSecond() / alone, "x");
				report.add(NAME, "JVM CPU per 1,000 deliveries", resources.jvmCpuMillis() * 1000 / run.events(), "ms");
				report.add(NAME, "JVM heap peak", Resources.heapPeakMegabytes(), "MB");
				ShopLoad.FixedRate fixed = ShopLoad.fixedRate(shop, bench.receiver(), "h2-200-", Mode.RATES[0],
						bench.mode().latencySeconds());
				RoundsPhase.latencyRows(report, NAME, fixed);
				report.addRounds(List.of());
				shop.clean();
			}
			DrainPhase.run(bench, NAME, h2, limit);
		}
	}

}
