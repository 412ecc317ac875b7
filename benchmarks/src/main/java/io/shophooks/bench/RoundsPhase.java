package io.shophooks.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * Every contender side by side, interleaved: in each round the raw-client limit and every
 * contender run once, in an order shuffled with the printed seed, the database settled
 * (vacuum, analyze, checkpoint) before each. A contender's turn: start it, warm it up,
 * settle, one closed-loop throughput run (deliveries/s while the shop commits, the shop's
 * transactions/s, CPU of the JVM and of PostgreSQL per 1,000 deliveries, heap peak),
 * then fixed-rate latency at 200 and 500 events/s; clean its tables and stop it. Every
 * figure is the median of the rounds, with the lowest and highest beside it; ratios are
 * taken within each round, then their median.
 */
final class RoundsPhase {

	/** The fixed rate (the highest) at which every contender's CPU is also measured. */
	private static final int CPU_RATE = Mode.RATES[Mode.RATES.length - 1];

	static final String CEILING = "best possible while the shop commits (CPU: shop alone + limit)";

	static final String RATIO_TO_CEILING = "ratio to the best possible while the shop commits";

	private RoundsPhase() {
	}

	static void run(Bench bench, List<Contender> contenders) throws Exception {
		Report report = bench.report();
		for (int round = 0; round < bench.mode().rounds(); round++) {
			List<Object> order = new ArrayList<>(contenders);
			order.add(LimitPhase.NAME);
			Collections.shuffle(order, bench.random());
			report.note("round " + (round + 1) + ": " + String.join(", ",
					order.stream().map(o -> (o instanceof Contender c) ? c.name() : o.toString()).toList()));
			for (Object entry : order) {
				bench.settle();
				if (entry instanceof Contender contender) {
					turn(bench, contender, round);
				}
				else {
					LimitPhase.round(bench);
				}
			}
		}
		ratios(bench, contenders);
		List<String> order = new ArrayList<>(List.of(LimitPhase.NAME, ShopAlone.NAME, CEILING));
		contenders.stream().map(Contender::name).filter(name -> !order.contains(name)).forEach(order::add);
		report.addRounds(order);
	}

	private static void turn(Bench bench, Contender contender, int round) throws Exception {
		Report report = bench.report();
		String name = contender.name();
		String prefix = "r" + round + "-" + Integer.toHexString(name.hashCode()) + "-";
		try (Shop shop = contender.start(bench.postgres(), bench.receiver())) {
			ShopLoad.closedLoop(shop, bench.receiver(), prefix + "warm-", bench.mode().warmUp(), null);
			bench.settle();
			Resources resources = bench.resources();
			ShopLoad.Throughput run = ShopLoad.closedLoop(shop, bench.receiver(), prefix + "run-", bench.mode().events(),
					resources);
			double jvm = resources.jvmCpuMillis() * 1000 / run.events();
			double pg = resources.postgresCpuMillis() * 1000 / run.events();
			if (!shop.delivers()) {
				report.round(name, "transactions/s", run.transactionsPerSecond(), "1/s");
				report.round(name, "JVM CPU per 1,000 transactions", jvm, "ms");
				report.round(name, "PostgreSQL CPU per 1,000 transactions", pg, "ms");
				// the same transactions at the fixed rate where every contender's CPU is compared
				resources.start();
				ShopLoad.FixedRate fixed = ShopLoad.fixedRate(shop, bench.receiver(), prefix + CPU_RATE + "-", CPU_RATE,
						bench.mode().latencySeconds());
				cpuRows(report, name, "transactions", fixed, resources);
				return;
			}
			report.round(name, "deliveries/s", run.deliveriesPerSecond(), "1/s");
			report.round(name, "shop transactions/s (8 threads)", run.transactionsPerSecond(), "1/s");
			report.round(name, "JVM CPU per 1,000 deliveries", jvm, "ms");
			report.round(name, "PostgreSQL CPU per 1,000 deliveries", pg, "ms");
			report.round(name, "JVM heap peak", Resources.heapPeakMegabytes(), "MB");
			for (int rate : Mode.RATES) {
				resources.start();
				ShopLoad.FixedRate fixed = ShopLoad.fixedRate(shop, bench.receiver(), prefix + rate + "-", rate,
						bench.mode().latencySeconds());
				latencyRows(report, name, fixed);
				if (rate == CPU_RATE) {
					cpuRows(report, name, "deliveries", fixed, resources);
				}
			}
		}
		finally {
			cleanUp(bench);
		}
	}

	/** The rows of one fixed-rate run (in rounds). */
	static void latencyRows(Report report, String name, ShopLoad.FixedRate fixed) {
		Histogram h = fixed.latency();
		String at = " at " + fixed.rate() + "/s";
		report.round(name, "commit-to-receiver p50" + at, h.getValueAtPercentile(50) / 1000.0, "ms");
		report.round(name, "commit-to-receiver p90" + at, h.getValueAtPercentile(90) / 1000.0, "ms");
		report.round(name, "commit-to-receiver p99" + at, h.getValueAtPercentile(99) / 1000.0, "ms");
		report.round(name, "commit-to-receiver max" + at, h.getMaxValue() / 1000.0, "ms");
		report.round(name, "rate reached" + at, fixed.reached(), "1/s");
	}

	/**
	 * CPU per 1,000 of a fixed-rate run: below saturation, where contenders are compared
	 * without the cost of contention (a saturated machine spends CPU waiting in locks).
	 */
	private static void cpuRows(Report report, String name, String unit, ShopLoad.FixedRate fixed,
			Resources resources) {
		String at = " at " + fixed.rate() + "/s";
		report.round(name, "JVM CPU per 1,000 " + unit + at, resources.jvmCpuMillis() * 1000 / fixed.events(), "ms");
		report.round(name, "PostgreSQL CPU per 1,000 " + unit + at,
				resources.postgresCpuMillis() * 1000 / fixed.events(), "ms");
	}

	/** Remove what the turn left, so the next contender starts with the same tables. */
	private static void cleanUp(Bench bench) {
		org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(
				bench.postgres());
		jdbc.execute("TRUNCATE bench_order");
		for (String table : List.of("shophooks_attempt_minute", "shophooks_attempt", "shophooks_delivery", "shophooks_event", "event_publication",
				"floor_queue")) {
			if (Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table))) {
				jdbc.execute("TRUNCATE " + table + " CASCADE");
			}
		}
	}

	/** Ratios within each round, kept as rounds too. */
	private static void ratios(Bench bench, List<Contender> contenders) {
		Report report = bench.report();
		List<Double> alonePg = report.rounds(ShopAlone.NAME, "PostgreSQL CPU per 1,000 transactions");
		List<Double> aloneJvm = report.rounds(ShopAlone.NAME, "JVM CPU per 1,000 transactions");
		List<Double> limitCpu = report.rounds(LimitPhase.NAME, LimitPhase.CPU);
		int cores = Runtime.getRuntime().availableProcessors();
		List<Double> ceilings = new ArrayList<>();
		for (int i = 0; i < Math.min(aloneJvm.size(), limitCpu.size()); i++) {
			double ceiling = cores * 1_000_000 / (aloneJvm.get(i) + alonePg.get(i) + limitCpu.get(i));
			ceilings.add(ceiling);
			report.round(CEILING, "deliveries/s at most", ceiling, "1/s");
		}
		for (Contender contender : contenders) {
			List<Double> rates = report.rounds(contender.name(), "deliveries/s");
			for (int i = 0; i < Math.min(rates.size(), ceilings.size()); i++) {
				report.round(contender.name(), RATIO_TO_CEILING, rates.get(i) / ceilings.get(i), "x");
			}
		}
		String ours = ShopHooksContender.POSTGRESQL;
		ratio(report, ours, "deliveries/s", DurableQueueFloor.NAME, "deliveries/s",
				"deliveries/s vs the durable queue floor");
		ratio(report, ours, "deliveries/s", HandWrittenContender.NAME, "deliveries/s",
				"deliveries/s vs the hand-written listener");
		ratio(report, ours, "deliveries/s", ModulithContender.NAME, "deliveries/s", "deliveries/s vs Spring Modulith");
		ratio(report, ours, "JVM CPU per 1,000 deliveries", LimitPhase.NAME, LimitPhase.CPU,
				"JVM CPU per 1,000 deliveries vs the raw client's");
	}

	/** A contender's figure divided by another's, round by round. */
	private static void ratio(Report report, String contender, String metric, String other, String otherMetric,
			String name) {
		List<Double> ours = report.rounds(contender, metric);
		List<Double> theirs = report.rounds(other, otherMetric);
		for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
			report.round(contender, name, ours.get(i) / theirs.get(i), "x");
		}
	}

}
