package io.windshift.autoconfigure;

import java.time.Duration;

import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

import io.windshift.test.NatsServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter logs which server it connected to with its version, and the connection's
 * events (disconnect at WARN, reconnect at INFO) with the server, never its credentials,
 * and without jnats' I/O exceptions at WARN/ERROR.
 */
@ExtendWith(OutputCaptureExtension.class)
@Isolated("the captured output must not hold other tests' connection logs")
class ConnectionLoggingTests {

	@Test
	void logsTheServerAndItsVersionAtStartupAndConnectionEventsAfterwards(CapturedOutput output) throws Exception {
		try (NatsServer server = NatsServer.start()) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class))
				.withPropertyValues("windshift.nats.servers=" + server.url())
				.run((context) -> {
					Connection connection = context.getBean(Connection.class);
					String version = connection.getServerInfo().getVersion();
					assertThat(output).contains("Connected to NATS server ").contains("version " + version);
					String url = connection.getConnectedUrl();
					server.stop();
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(output).contains("Disconnected from NATS server " + url));
					server.restart();
					await().atMost(Duration.ofSeconds(20))
						.untilAsserted(() -> assertThat(output).contains("Reconnected to NATS server "));
					assertThat(output.toString().split("Disconnected from NATS server", -1)).hasSize(2);
					assertThat(output).doesNotContain("SEVERE: exceptionOccurred")
						.doesNotContain("java.io.IOException");
				});
		}
	}

}
