package io.windshift.test;

import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The extension starts a server before the class and kills it, and closes its connection,
 * after.
 */
class NatsServerExtensionTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	@Test
	void serverRunsWhileTheClassRuns() throws Exception {
		assertThat(nats.server().isRunning()).isTrue();
		assertThat(nats.url()).isEqualTo(nats.server().url());
		assertThat(nats.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
		assertThat(nats.connection()).isSameAs(nats.connection());
		assertThat(nats.connection().getServerInfo().isJetStreamAvailable()).isTrue();
	}

	@Test
	void afterAllClosesTheConnectionAndEndsTheServer() throws Exception {
		NatsServerExtension extension = NatsServerExtension.create(NatsServerConfig.defaults().syncAlways());
		assertThatIllegalStateException().isThrownBy(extension::server);
		extension.beforeAll(null);
		NatsServer server = extension.server();
		Connection connection = extension.connection();
		assertThat(server.isRunning()).isTrue();
		assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		extension.afterAll(null);
		assertThat(server.isRunning()).isFalse();
		assertThat(server.storeDir()).doesNotExist();
		assertThat(connection.getStatus()).isEqualTo(Connection.Status.CLOSED);
		assertThatIllegalStateException().isThrownBy(extension::server);
	}

	@Test
	void nestedBeforeAllKeepsTheOneServer() throws Exception {
		NatsServerExtension extension = NatsServerExtension.create();
		extension.beforeAll(null);
		NatsServer server = extension.server();
		extension.beforeAll(null);
		assertThat(extension.server()).isSameAs(server);
		extension.afterAll(null);
		assertThat(server.isRunning()).isTrue();
		extension.afterAll(null);
		assertThat(server.isRunning()).isFalse();
	}

}
