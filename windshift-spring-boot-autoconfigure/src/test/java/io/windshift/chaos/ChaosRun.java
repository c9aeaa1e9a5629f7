package io.windshift.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.windshift.test.ApplicationProcess;
import io.windshift.test.FaultProxy;
import io.windshift.test.NatsCluster;
import io.windshift.test.NatsServer;

import org.awaitility.core.ConditionTimeoutException;

import org.springframework.boot.convert.DurationStyle;

import static org.awaitility.Awaitility.await;

/**
 * A chaos run ({@code scripts/chaos.sh}): a 3-node cluster, one fault proxy per
 * application and server, two {@link ChaosApp} JVMs, {@link ChaosFaults} for the given
 * time, then quiet: faults healed, publishing stopped, listeners given time to catch up.
 * Then the {@link HistoryChecker} reads the whole history and prints its table; the exit
 * code is 1 when a must-be-0 row is not 0.
 * <p>
 * Options: {@code --minutes N} (or {@code --duration 90s}), {@code --seed S},
 * {@code --out DIR}, {@code --listeners plain,serial,ordered,batch},
 * {@code --publishers sync,async,after-commit}, {@code --rate N} (events per second per
 * application), {@code --timeout 5s} (processing timeout), {@code --drain 3m} (how long
 * listeners may take to catch up after the faults stopped), {@code --sabotage true} (the
 * handlers acknowledge one event in 500 without handling it: the run must fail with lost
 * events); {@code --windshift.<property> value} or {@code --logging.<property> value}
 * sets an application property (overriding the run's own, such as
 * {@code windshift.nats.ping-interval}, 2 s here); {@code --check DIR} only reads the
 * history of an earlier run in DIR and prints its table.
 */
public final class ChaosRun {

	private ChaosRun() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		if (options.containsKey("check")) {
			Path dir = Paths.get(options.get("check"));
			report(dir, dir, check(dir));
			return;
		}
		Duration duration = options.containsKey("minutes")
				? Duration.ofSeconds(Math.round(Double.parseDouble(options.get("minutes")) * 60))
				: DurationStyle.detectAndParse(options.getOrDefault("duration", "1m"));
		long seed = Long.parseLong(options.getOrDefault("seed", Long.toString(System.currentTimeMillis() % 100_000)));
		Path out = Paths.get(options.getOrDefault("out", "target/chaos/run-" + Instant.now().toEpochMilli()));
		String listeners = options.getOrDefault("listeners", "plain,serial,ordered,batch");
		String timeout = options.getOrDefault("timeout", "5s");
		Duration drain = DurationStyle.detectAndParse(options.getOrDefault("drain", "3m"));
		Files.createDirectories(out);
		System.out.printf("chaos run: %s of faults, seed %d, listeners %s, publishers %s, history in %s%n", duration,
				seed, listeners, options.getOrDefault("publishers", "sync,async,after-commit"), out.toAbsolutePath());
		CheckResult result;
		try (History history = new History(out, "faults")) {
			history.record("run", "phase", "start", "seed", seed, "millis", duration.toMillis());
			result = run(out, history, duration, seed, listeners, timeout, drain, options);
		}
		report(out, "seed " + seed + ", " + duration + " of faults", result);
	}

	private static void report(Path out, Object title, CheckResult result) throws Exception {
		System.out.println();
		System.out.println("Chaos run, " + title + " (history: " + out + ")");
		System.out.println();
		System.out.println(result.table());
		Files.writeString(out.resolve("table.md"), result.table());
		if (!result.passed()) {
			System.out.println("FAILED: " + result.violations());
		}
		System.exit(result.passed() ? 0 : 1);
	}

	private static CheckResult check(Path out) {
		History.Records records = History.read(out);
		if (records.unreadable() > 0) {
			System.out.println(records.unreadable() + " history line(s) cut short by a kill were skipped");
		}
		return HistoryChecker.check(records.records());
	}

	private static CheckResult run(Path out, History history, Duration duration, long seed, String listeners,
			String timeout, Duration drain, Map<String, String> options) throws Exception {
		List<String> consumers = ChaosWorkload.listeners(listeners)
			.stream()
			.map((kind) -> "chaos-" + ChaosWorkload.name(kind))
			.toList();
		List<List<FaultProxy>> proxies = new ArrayList<>();
		List<ApplicationProcess> apps = new ArrayList<>();
		try (NatsCluster cluster = NatsCluster.start()) {
			try (Connection operator = Nats.connect(new Options.Builder().servers(cluster.urls().toArray(String[]::new))
				.maxReconnects(-1)
				.reconnectWait(Duration.ofMillis(250))
				.connectionTimeout(Duration.ofSeconds(2))
				.pingInterval(Duration.ofSeconds(2))
				.errorListener(new ErrorListener() {
				})
				.build())) {
				for (int i = 1; i <= 2; i++) {
					List<FaultProxy> ofApp = new ArrayList<>();
					for (NatsServer node : cluster.nodes()) {
						ofApp.add(FaultProxy.start("app-" + i + "-" + node.name().replaceAll(".*-", ""), node.port()));
					}
					proxies.add(ofApp);
					apps.add(ApplicationProcess.start("app-" + i, ChaosApp.class.getName(),
							List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
							appArguments(out, "app-" + i, ofApp, listeners, timeout, options),
							out.resolve("app-" + i + ".log")));
					awaitReady(out, "app-" + i, apps.get(i - 1));
				}
				System.out.println("cluster and applications up; faults for " + duration);
				ChaosFaults faults = new ChaosFaults(cluster, proxies, apps, operator, history, seed, consumers);
				faults.injectFor(duration);
				faults.healAll();
				history.record("run", "phase", "quiet");
				Files.createFile(out.resolve("stop-publishing"));
				System.out.println("faults stopped; waiting up to " + drain + " for the listeners to catch up");
				awaitCaughtUp(out, apps, faults, drain);
				history.record("run", "phase", "end");
				apps.forEach(ApplicationProcess::stop);
			}
			finally {
				apps.forEach(ApplicationProcess::close);
				proxies.forEach((ofApp) -> ofApp.forEach(FaultProxy::close));
				for (NatsServer node : cluster.nodes()) {
					Files.writeString(out.resolve(node.name().replaceAll(".*-", "") + ".log"), node.log());
				}
			}
		}
		return check(out);
	}

	private static List<String> appArguments(Path out, String instance, List<FaultProxy> proxies, String listeners,
			String timeout, Map<String, String> options) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("chaos.dir", out.toAbsolutePath().toString());
		properties.put("chaos.instance", instance);
		properties.put("chaos.listeners", listeners);
		properties.put("chaos.publishers", options.getOrDefault("publishers", "sync,async,after-commit"));
		properties.put("chaos.rate", options.getOrDefault("rate", "50"));
		properties.put("chaos.timeout", timeout);
		properties.put("chaos.sabotage", options.getOrDefault("sabotage", "false"));
		properties.put("windshift.nats.servers", String.join(",", proxies.stream().map(FaultProxy::url).toList()));
		properties.put("windshift.nats.connection-name", instance);
		properties.put("windshift.nats.ping-interval", "2s");
		properties.put("windshift.nats.reconnect-wait", "250ms");
		properties.put("windshift.nats.connection-timeout", "2s");
		properties.put("windshift.streams.chaos.subjects", "chaos.>");
		properties.put("windshift.streams.chaos.replicas", "3");
		properties.put("windshift.streams.chaos.deduplication-window", "10m");
		properties.put("windshift.publish.timeout", "3s");
		properties.put("windshift.listener.confirm-acks", "true");
		properties.put("windshift.listener.consumer-check-interval", "1s");
		properties.put("windshift.listener.shutdown-timeout", "5s");
		properties.put("windshift.listener.reject.initial-delay", "100ms");
		properties.put("windshift.listener.reject.max-delay", "1s");
		properties.put("logging.level.root", "WARN");
		properties.put("logging.level.io.windshift", "INFO");
		options.forEach((name, value) -> {
			if (name.startsWith("windshift.") || name.startsWith("logging.")) {
				properties.put(name, value); // --windshift.nats.ping-interval 2m
												// overrides the run's setting
			}
		});
		return properties.entrySet().stream().map((p) -> "--" + p.getKey() + "=" + p.getValue()).toList();
	}

	private static void awaitReady(Path out, String instance, ApplicationProcess app) {
		await(instance + " ready (log: " + app.log() + ")").atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				if (!app.isAlive()) {
					throw new IllegalStateException(
							instance + " exited during start-up:\n" + Files.readString(app.log()));
				}
				return History.read(out)
					.records()
					.stream()
					.anyMatch((r) -> r.op().equals("run") && r.is("phase", "ready") && r.process().equals(instance));
			});
	}

	/**
	 * Waits until every publisher stopped and no acknowledged event is left unhandled, or
	 * the drain time is up, or the history stopped growing for 30 s with events left
	 * (nothing will move any more: the checker tells).
	 */
	private static void awaitCaughtUp(Path out, List<ApplicationProcess> apps, ChaosFaults faults, Duration drain) {
		long[] lastGrowth = { System.nanoTime(), 0 };
		try {
			await("listeners caught up").atMost(drain).pollInterval(Duration.ofSeconds(3)).until(() -> {
				faults.superviseApps();
				List<HistoryRecord> records = History.read(out).records();
				if (records.size() != lastGrowth[1]) {
					lastGrowth[0] = System.nanoTime();
					lastGrowth[1] = records.size();
				}
				boolean standingStill = System.nanoTime() - lastGrowth[0] > Duration.ofSeconds(30).toNanos();
				return caughtUp(records, apps.size()) || standingStill;
			});
		}
		catch (ConditionTimeoutException ex) {
			System.out.println("  not caught up after " + drain + ": the checker tells what is missing");
		}
	}

	private static boolean caughtUp(List<HistoryRecord> records, int apps) {
		long quiet = records.stream()
			.filter((r) -> r.op().equals("run") && r.is("phase", "quiet"))
			.mapToLong(HistoryRecord::at)
			.findFirst()
			.orElse(Long.MAX_VALUE);
		long stopped = records.stream()
			.filter((r) -> r.op().equals("run") && r.is("phase", "published") && r.at() > quiet)
			.map(HistoryRecord::process)
			.distinct()
			.count();
		int unhandled = HistoryChecker.check(records).lost();
		System.out.printf("  publishers stopped %d/%d, acknowledged events not yet handled %d%n", stopped, apps,
				unhandled);
		return stopped >= apps && unhandled == 0;
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new IllegalArgumentException("Expected --name value pairs, got " + List.of(args));
			}
			options.put(args[i].substring(2), args[++i]);
		}
		return options;
	}

}
