package io.shophooks.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One ShopHooks instance against three on the same PostgreSQL, each instance a Spring
 * application of its own (its own dispatcher, workers, leases and wake-ups) in this JVM,
 * the 8 shop threads spread over them (3, 3 and 2), all delivering to one endpoint. On
 * this 2-core machine a second and third instance add no cores, so the rows show what
 * sharing the work costs (claims racing, wake-ups, leases) rather than added capacity:
 * deliveries/s, CPU per 1,000 deliveries on both sides, and requests beyond one per event
 * (duplicates), for each count of instances, interleaved over the rounds.
 */
final class InstancesPhase {

	static final String ONE = "ShopHooks (PostgreSQL), 1 instance";

	static final String THREE = "ShopHooks (PostgreSQL), 3 instances in one JVM";

	private InstancesPhase() {
	}

	static void run(Bench bench) throws Exception {
		Report report = bench.report();
		int rounds = Math.max(1, bench.mode().rounds() - 1);
		for (int round = 0; round < rounds; round++) {
			List<Integer> order = new ArrayList<>(List.of(1, 3));
			Collections.shuffle(order, bench.random());
			for (int instances : order) {
				measure(bench, instances, round);
			}
		}
		List<Double> one = report.rounds(ONE, "deliveries/s");
		List<Double> three = report.rounds(THREE, "deliveries/s");
		for (int i = 0; i < Math.min(one.size(), three.size()); i++) {
			report.round(THREE, "deliveries/s vs 1 instance", three.get(i) / one.get(i), "x");
		}
		report.addRounds(List.of(ONE, THREE));
	}

	private static void measure(Bench bench, int instances, int round) throws Exception {
		String name = (instances == 1) ? ONE : THREE;
		DataSource postgres = bench.postgres();
		List<ShopHooksContender.Running> running = new ArrayList<>();
		try {
			// the first creates the endpoint, the others share it
			running.add(new ShopHooksContender(name).start(postgres, bench.receiver()));
			for (int i = 1; i < instances; i++) {
				running.add(new ShopHooksContender.Running(ShopHooksContender.context(postgres)));
			}
			Shop spread = new Spread(running);
			String prefix = "i" + instances + "-" + round + "-";
			ShopLoad.closedLoop(spread, bench.receiver(), prefix + "warm-", bench.mode().warmUp(), null);
			bench.settle();
			Resources resources = bench.resources();
			ShopLoad.Throughput run = ShopLoad.closedLoop(spread, bench.receiver(), prefix + "run-",
					bench.mode().events(), resources);
			// stragglers: a duplicate arrives after the first copy, within a lease at most
			Thread.sleep(500);
			Report report = bench.report();
			report.round(name, "deliveries/s", run.deliveriesPerSecond(), "1/s");
			report.round(name, "JVM CPU per 1,000 deliveries", resources.jvmCpuMillis() * 1000 / run.events(), "ms");
			report.round(name, "PostgreSQL CPU per 1,000 deliveries",
					resources.postgresCpuMillis() * 1000 / run.events(), "ms");
			report.round(name, "requests beyond one per event",
					bench.receiver().requests() - bench.receiver().distinct(), "requests");
			running.get(0).clean();
		}
		finally {
			for (ShopHooksContender.Running shop : running) {
				shop.close();
			}
		}
	}

	/** The shop's threads spread over the instances: shop thread N publishes through instance N mod n. */
	private static final class Spread implements Shop {

		private final List<ShopHooksContender.Running> instances;

		Spread(List<ShopHooksContender.Running> instances) {
			this.instances = instances;
		}

		private ShopHooksContender.Running mine() {
			String thread = Thread.currentThread().getName();
			int index = thread.startsWith("shop-") ? Integer.parseInt(thread.substring(5)) : 0;
			return this.instances.get(index % this.instances.size());
		}

		@Override
		public TransactionTemplate transactions() {
			return mine().transactions();
		}

		@Override
		public JdbcTemplate jdbc() {
			return mine().jdbc();
		}

		@Override
		public void publish(BenchApp.OrderApproved order) {
			mine().publish(order);
		}

		@Override
		public void close() {
		}

	}

}
