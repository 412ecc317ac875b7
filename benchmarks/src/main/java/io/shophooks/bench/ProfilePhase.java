package io.shophooks.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the time goes: one more ShopHooks throughput run on PostgreSQL under JFR (no
 * figure is taken from it: recording costs time), with PostgreSQL's own statement
 * statistics of the same run. Written to {@code profile.md} beside the recording.
 */
final class ProfilePhase {

	private ProfilePhase() {
	}

	static void run(Bench bench) throws Exception {
		Path recording = bench.out().resolve("shophooks-postgresql.jfr");
		PgStatements statements = new PgStatements(bench.postgres());
		bench.settle();
		try (ShopHooksContender.Running shop = new ShopHooksContender(ShopHooksContender.POSTGRESQL)
			.start(bench.postgres(), bench.receiver())) {
			ShopLoad.closedLoop(shop, bench.receiver(), "prof-warm-", bench.mode().warmUp(), null);
			statements.reset();
			statements.startSampling();
			long postmaster = Resources.postmasterOf(bench.postgres());
			Map<String, long[]> before = Resources.postgresTicksByKind(postmaster);
			Profile.record(recording,
					() -> ShopLoad.closedLoop(shop, bench.receiver(), "prof-", bench.mode().events(), null));
			Map<String, long[]> after = Resources.postgresTicksByKind(postmaster);
			statements.stopSampling();
			Thread.sleep(500); // the last batch of attempts is recorded just after it arrives
			String database = statements.summarize(bench.mode().events(), 14);
			Files.writeString(bench.out().resolve("profile.md"),
					"# Where ShopHooks spends its CPU (PostgreSQL, throughput run while the shop commits)\n\n"
							+ Profile.summarize(recording, 15) + "\n## The database side of the same run\n\n"
							+ cpuByKind(before, after, bench.mode().events()) + "\n" + database);
			shop.clean();
		}
	}

	/** PostgreSQL's CPU per 1,000 deliveries by kind of process, user and system time apart. */
	static String cpuByKind(Map<String, long[]> before, Map<String, long[]> after, int deliveries) {
		StringBuilder md = new StringBuilder(
				"| PostgreSQL process | user CPU ms per 1,000 deliveries | system CPU ms per 1,000 deliveries |\n| --- | ---: | ---: |\n");
		double scale = Resources.millisPerTick() * 1000 / deliveries;
		after.forEach((kind, ticks) -> {
			long[] was = before.getOrDefault(kind, new long[2]);
			long user = ticks[0] - was[0];
			long system = ticks[1] - was[1];
			if (user > 0 || system > 0) {
				md.append("| ").append(kind).append(" | ").append(Report.fmt(user * scale)).append(" | ")
					.append(Report.fmt(system * scale)).append(" |\n");
			}
		});
		return md.toString();
	}

}
