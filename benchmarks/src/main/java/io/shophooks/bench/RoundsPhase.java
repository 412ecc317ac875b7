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
 * figure is the median of the rounds, with the lowest and highest beside it; a ratio is the
 * ratio of two medians, the rounds' own ratios its spread.
 */
final class RoundsPhase {

	/** The fixed rate (the highest) at which every contender's CPU is also measured. */
	private static final int CPU_RATE = Mode.RATES[Mode.RATES.length - 1];

	static final String CEILING = "no-durable-work ceiling: shop alone + pre-built post (CPU)";

	static final String RATIO_TO_CEILING = "ratio to the best possible while the shop commits (no durable work)";

	static final String RATIO_TO_DURABLE_BOUND = "ratio to the durable bound";

	static final String DURABLE_AT_MOST = "durable deliveries/s at most";

	private RoundsPhase() {
	}

	static void run(Bench bench, List<Contender> contenders) throws Exception {
		Report report = bench.report();
		for (int round = 0; round < bench.mode().rounds(); round++) {
			List<Object> order = new ArrayList<>(contenders);
			order.add(LimitPhase.NAME);
			order.add(DurableBound.NAME);
			Collections.shuffle(order, bench.random());
			report.note("round " + (round + 1) + ": " + String.join(", ",
					order.stream().map(o -> (o instanceof Contender c) ? c.name() : o.toString()).toList()));
			for (Object entry : order) {
				bench.settle();
				if (entry instanceof Contender contender) {
					turn(bench, contender, round);
				}
				else if (DurableBound.NAME.equals(entry)) {
					DurableBound.completionRound(bench);
					bench.settle();
					DurableBound.signedPostRound(bench);
				}
				else {
					LimitPhase.round(bench);
				}
			}
		}
		ratios(bench, contenders);
		List<String> order = new ArrayList<>(List.of(LimitPhase.NAME, ShopAlone.NAME, CEILING, DurableBound.NAME,
				DurableBound.OUTBOX_ROW, DurableBound.COMPLETION, DurableBound.SIGNED_POST));
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
				"floor_queue", "tuned_queue", "bound_outbox")) {
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
		// the durable bound: what a durable system pays at least per delivery, per round
		List<Double> rowJvm = report.rounds(DurableBound.OUTBOX_ROW, "JVM CPU per 1,000 transactions");
		List<Double> rowPg = report.rounds(DurableBound.OUTBOX_ROW, "PostgreSQL CPU per 1,000 transactions");
		List<Double> completion = report.rounds(DurableBound.COMPLETION, DurableBound.CPU);
		List<Double> signedPost = report.rounds(DurableBound.SIGNED_POST, DurableBound.CPU);
		List<Double> bounds = new ArrayList<>();
		int parts = Math.min(Math.min(rowJvm.size(), rowPg.size()), Math.min(completion.size(), signedPost.size()));
		for (int i = 0; i < parts; i++) {
			double bound = cores * 1_000_000 / (rowJvm.get(i) + rowPg.get(i) + completion.get(i) + signedPost.get(i));
			bounds.add(bound);
			report.round(DurableBound.NAME, DURABLE_AT_MOST, bound, "1/s");
		}
		for (Contender contender : contenders) {
			List<Double> rates = report.rounds(contender.name(), "deliveries/s");
			if (rates.isEmpty()) {
				continue;
			}
			report.ratioOfMedians(contender.name(), RATIO_TO_CEILING, rates, ceilings);
			report.ratioOfMedians(contender.name(), RATIO_TO_DURABLE_BOUND, rates, bounds);
		}
		String ours = ShopHooksContender.POSTGRESQL;
		ratio(report, ours, "deliveries/s", TunedDurableQueue.NAME, "deliveries/s",
				"deliveries/s vs the tuned durable queue");
		ratio(report, ours, "deliveries/s", DurableQueueFloor.NAME, "deliveries/s",
				"deliveries/s vs the naive durable queue");
		ratio(report, ours, "deliveries/s", HandWrittenContender.NAME, "deliveries/s",
				"deliveries/s vs the hand-written listener");
		ratio(report, ours, "deliveries/s", ModulithContender.NAME, "deliveries/s", "deliveries/s vs Spring Modulith");
		ratio(report, ours, "JVM CPU per 1,000 deliveries", LimitPhase.NAME, LimitPhase.CPU,
				"JVM CPU per 1,000 deliveries vs the raw client's");
	}

	/** A contender's figure divided by another's: the ratio of their medians, the rounds' ratios as its spread. */
	private static void ratio(Report report, String contender, String metric, String other, String otherMetric,
			String name) {
		report.ratioOfMedians(contender, name, report.rounds(contender, metric), report.rounds(other, otherMetric));
	}

}
