package io.windshift.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application JVM from the test class path: started, killed with SIGKILL, restarted,
 * stopped.
 */
class ApplicationProcessTests {

	@Test
	void startsKillsAndRestartsAJvmOfTheTestClassPath(@TempDir Path dir) throws IOException {
		Path log = dir.resolve("app.log");
		try (ApplicationProcess app = ApplicationProcess.start("app", Waiter.class.getName(), List.of("-Xmx32m"),
				List.of("hello"), log)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("up hello"));
			long first = app.pid();
			app.kill();
			assertThat(app.isAlive()).isFalse();
			assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
			app.restart();
			assertThat(app.pid()).isNotEqualTo(first);
			assertThat(app.starts()).isEqualTo(2);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> Files.readString(log).lines().filter((l) -> l.equals("up hello")).count() == 2);
			app.stop();
			assertThat(app.isAlive()).isFalse();
		}
	}

	/** Prints a line and waits to be ended. */
	static final class Waiter {

		public static void main(String[] args) throws InterruptedException {
			System.out.println("up " + args[0]);
			System.out.flush();
			Thread.sleep(Long.MAX_VALUE);
		}

	}

}
