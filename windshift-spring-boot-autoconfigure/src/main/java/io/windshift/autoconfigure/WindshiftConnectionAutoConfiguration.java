package io.windshift.autoconfigure;

import java.io.IOException;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the NATS {@link Connection} from {@code windshift.nats.*}.
 */
@AutoConfiguration
@ConditionalOnClass(Connection.class)
@EnableConfigurationProperties(WindshiftNatsProperties.class)
public final class WindshiftConnectionAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	Connection natsConnection(WindshiftNatsProperties properties) throws IOException, InterruptedException {
		Options options = Options.builder().servers(properties.getServers().toArray(String[]::new)).build();
		return Nats.connect(options);
	}

}
