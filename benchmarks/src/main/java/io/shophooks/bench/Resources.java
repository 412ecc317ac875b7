package io.shophooks.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a run cost: CPU of this JVM, CPU of the PostgreSQL server (the postmaster and
 * every backend it forked, read from {@code /proc}), and the JVM's peak heap.
 */
final class Resources {

	private static final long CLOCK_TICKS_PER_SECOND = 100;

	private final long postmaster;

	private long jvmStart;

	private long pgStart;

	Resources(long postmasterPid) {
		this.postmaster = postmasterPid;
	}

	/**
	 * The PostgreSQL server process: the parent of a backend serving a connection.
	 * @param dataSource a data source on the server
	 * @return its pid, or 0 when it cannot be found
	 */
	static long postmasterOf(javax.sql.DataSource dataSource) {
		try {
			Integer backend = new org.springframework.jdbc.core.JdbcTemplate(dataSource)
				.queryForObject("SELECT pg_backend_pid()", Integer.class);
			String[] stat = stat(Path.of("/proc", Integer.toString(backend)));
			return (stat != null) ? Long.parseLong(stat[1]) : 0;
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	/** Start measuring: remember the CPU used so far, forget the heap peak. */
	void start() {
		this.jvmStart = jvmCpuNanos();
		this.pgStart = postgresCpuNanos();
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				pool.resetPeakUsage();
			}
		}
	}

	/** CPU milliseconds this JVM used since {@link #start()}. */
	double jvmCpuMillis() {
		return (jvmCpuNanos() - this.jvmStart) / 1e6;
	}

	/** CPU milliseconds PostgreSQL used since {@link #start()}, or NaN when unknown. */
	double postgresCpuMillis() {
		return (this.postmaster > 0) ? (postgresCpuNanos() - this.pgStart) / 1e6 : Double.NaN;
	}

	/** The JVM's peak heap since {@link #start()}, in MB. */
	static double heapPeakMegabytes() {
		long bytes = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
				bytes += pool.getPeakUsage().getUsed();
			}
		}
		return bytes / 1024.0 / 1024.0;
	}

	private static long jvmCpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return 0;
	}

	private long postgresCpuNanos() {
		if (this.postmaster <= 0) {
			return 0;
		}
		// the server's own time and that of the children it has reaped (an autovacuum worker
		// that exited during the run), plus its live children's, less the profile's sampler
		long ticks = ticksWithReaped(this.postmaster);
		try {
			for (Child child : children(this.postmaster)) {
				if (EXCLUDED_BACKENDS.contains(Long.parseLong(child.process().getFileName().toString()))) {
					continue;
				}
				ticks += Long.parseLong(child.stat()[11]) + Long.parseLong(child.stat()[12]);
			}
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
		return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
	}

	/** A process the PostgreSQL server forked: its {@code /proc} folder and its stat fields. */
	private record Child(Path process, String[] stat) {
	}

	/** The processes the server at {@code postmaster} forked that are still running. */
	private static List<Child> children(long postmaster) throws IOException {
		List<Child> children = new ArrayList<>();
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			for (Path process : processes.toList()) {
				if (!process.getFileName().toString().chars().allMatch(Character::isDigit)) {
					continue;
				}
				String[] stat = stat(process);
				if (stat != null && Long.parseLong(stat[1]) == postmaster) {
					children.add(new Child(process, stat));
				}
			}
		}
		return children;
	}

	/**
	 * Backends whose CPU is the harness's, not the contender's (the profile's
	 * {@code pg_stat_activity} sampler): left out of the PostgreSQL figure while they live.
	 */
	static final java.util.Set<Long> EXCLUDED_BACKENDS = java.util.concurrent.ConcurrentHashMap.newKeySet();

	/** A process's own CPU ticks and those of its children it has waited for. */
	private static long ticksWithReaped(long pid) {
		String[] stat = stat(Path.of("/proc", Long.toString(pid)));
		return (stat != null) ? Long.parseLong(stat[11]) + Long.parseLong(stat[12]) + Long.parseLong(stat[13])
				+ Long.parseLong(stat[14]) : 0;
	}

	private static long ticks(long pid) {
		String[] stat = stat(Path.of("/proc", Long.toString(pid)));
		return (stat != null) ? Long.parseLong(stat[11]) + Long.parseLong(stat[12]) : 0;
	}

	/**
	 * CPU ticks used so far by each kind of PostgreSQL process (client backends, WAL
	 * writer, checkpointer, autovacuum, ...), user and system apart; the server itself
	 * counts with the time of the children it has already reaped.
	 * @param postmaster the server's pid
	 * @return {user, system} ticks per kind of process
	 */
	static Map<String, long[]> postgresTicksByKind(long postmaster) {
		Map<String, long[]> kinds = new TreeMap<>();
		String[] server = stat(Path.of("/proc", Long.toString(postmaster)));
		if (server == null) {
			return kinds;
		}
		kinds.put("server (with exited children)", new long[] {
				Long.parseLong(server[11]) + Long.parseLong(server[13]),
				Long.parseLong(server[12]) + Long.parseLong(server[14]) });
		try {
			for (Child child : children(postmaster)) {
				String command = Files.readString(child.process().resolve("cmdline")).replace('\0', ' ').trim();
				String kind = command.startsWith("postgres: ") ? command.substring(10) : command;
				if (kind.contains("(") || kind.contains("@")) {
					kind = "client backends";
				}
				long[] ticks = kinds.computeIfAbsent(kind, (k) -> new long[2]);
				ticks[0] += Long.parseLong(child.stat()[11]);
				ticks[1] += Long.parseLong(child.stat()[12]);
			}
		}
		catch (IOException | RuntimeException ex) {
			// a process ended while being read: count what was read
		}
		return kinds;
	}

	/** Milliseconds per clock tick of /proc/[pid]/stat. */
	static double millisPerTick() {
		return 1000.0 / CLOCK_TICKS_PER_SECOND;
	}

	/** Fields of /proc/[pid]/stat after the command name: [0] state, [1] ppid, [11] utime, [12] stime. */
	private static String[] stat(Path process) {
		try {
			String line = Files.readString(process.resolve("stat"));
			return line.substring(line.lastIndexOf(')') + 2).split(" ");
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

}
