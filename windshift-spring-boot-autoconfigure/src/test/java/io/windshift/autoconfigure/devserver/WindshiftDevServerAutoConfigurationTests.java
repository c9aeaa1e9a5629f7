package io.windshift.autoconfigure.devserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.nats.client.Connection;
import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.autoconfigure.WindshiftConnectionDetails;
import io.windshift.test.FreePorts;
import io.windshift.test.NatsServer;
import io.windshift.test.NatsServerBinary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.windshift.autoconfigure.WindshiftConnectionAutoConfigurationTests.fullMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WindshiftDevServerAutoConfiguration}: a real local nats-server when none is
 * reachable.
 */
@ExtendWith(OutputCaptureExtension.class)
class WindshiftDevServerAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(WindshiftDevServerAutoConfiguration.class, WindshiftConnectionAutoConfiguration.class));

	@Test
	void offByDefault() {
		this.runner
			.withPropertyValues("windshift.nats.servers=nats://127.0.0.1:1", "windshift.nats.connection-timeout=200ms",
					"windshift.nats.connect-in-background=true")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(NatsDevServer.class);
				assertThat(context.getBean(Connection.class).getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
			});
	}

	@Test
	void startsALocalServerWhenNoneIsReachableAndStopsItOnClose(CapturedOutput output, @TempDir Path store) {
		int port = FreePorts.next();
		NatsDevServer[] devServer = new NatsDevServer[1];
		this.runner
			.withPropertyValues("windshift.nats.servers=nats://127.0.0.1:" + port, "windshift.dev-server.enabled=true",
					"windshift.dev-server.binary=" + NatsServerBinary.path(), "windshift.dev-server.store-dir=" + store)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				devServer[0] = context.getBean(NatsDevServer.class);
				assertThat(devServer[0].isRunning()).isTrue();
				assertThat(devServer[0].getUrl()).isEqualTo("nats://127.0.0.1:" + port);
				Connection connection = context.getBean(Connection.class);
				assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
				assertThat(connection.getServerInfo().isJetStreamAvailable()).isTrue();
				assertThat(connection.getServerInfo().getPort()).isEqualTo(port);
				connection.jetStreamManagement().getAccountStatistics();
				assertThat(Files.list(store).toList()).isNotEmpty();
			});
		assertThat(devServer[0].isRunning()).isFalse();
		assertThat(reachable(port)).isFalse();
		assertThat(output.getAll())
			.contains("starting local nats-server " + NatsServerBinary.path() + " on port " + port)
			.contains("with JetStream, store dir " + store)
			.contains("stopping local nats-server");
	}

	@Test
	void usesAFreePortWhenTheConfiguredServerIsRemote() {
		this.runner
			.withPropertyValues("windshift.nats.servers=nats://nats.invalid:4222", "windshift.dev-server.enabled=true",
					"windshift.dev-server.binary=" + NatsServerBinary.path())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String url = context.getBean(NatsDevServer.class).getUrl();
				assertThat(url).startsWith("nats://127.0.0.1:").isNotEqualTo("nats://127.0.0.1:4222");
				assertThat(context.getBean(Connection.class).getStatus()).isEqualTo(Connection.Status.CONNECTED);
			});
	}

	@Test
	void leavesAReachableServerAlone() {
		try (NatsServer server = NatsServer.start()) {
			this.runner
				.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.dev-server.enabled=true",
						"windshift.dev-server.binary=/nonexistent/nats-server")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(NatsDevServer.class).isRunning()).isFalse();
					assertThat(context.getBean(NatsDevServer.class).getUrl()).isNull();
					assertThat(context.getBean(Connection.class).getServerInfo().getPort()).isEqualTo(server.port());
				});
		}
	}

	@Test
	void missingBinaryFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("windshift.nats.servers=nats://127.0.0.1:" + FreePorts.next(),
					"windshift.dev-server.enabled=true", "windshift.dev-server.binary=/nonexistent/nats-server")
			.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
				.contains("windshift.dev-server.binary /nonexistent/nats-server is not an executable file"));
	}

	@Test
	void backsOffToOtherConnectionDetails() {
		try (NatsServer server = NatsServer.start()) {
			this.runner.withPropertyValues("windshift.dev-server.enabled=true")
				.withBean(WindshiftConnectionDetails.class, () -> () -> List.of(server.url()))
				.run((context) -> {
					assertThat(context).doesNotHaveBean(NatsDevServer.class);
					assertThat(context.getBean(Connection.class).getStatus()).isEqualTo(Connection.Status.CONNECTED);
				});
		}
	}

	private static boolean reachable(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
