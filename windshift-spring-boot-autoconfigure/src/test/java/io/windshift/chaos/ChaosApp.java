package io.windshift.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.windshift.autoconfigure.NatsOptionsBuilderCustomizer;
import io.windshift.autoconfigure.WindshiftAdminAutoConfiguration;
import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.autoconfigure.WindshiftListenerAutoConfiguration;
import io.windshift.autoconfigure.WindshiftTemplateAutoConfiguration;
import io.windshift.chaos.ChaosWorkload.ListenerKind;
import io.windshift.events.AfterCommitFailureHandler;
import io.windshift.events.WindshiftTemplate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One application instance of a chaos run, in its own JVM (started by {@link ChaosRun}):
 * the starter with the stream {@code chaos} (3 replicas), the listeners and publishers of
 * the workload, recording every operation to {@code <chaos.dir>/<chaos.instance>.jsonl}.
 * It reaches the cluster only through its own fault proxies
 * ({@code windshift.nats.servers}), never through servers the cluster advertises.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ WindshiftConnectionAutoConfiguration.class, WindshiftAdminAutoConfiguration.class,
		WindshiftTemplateAutoConfiguration.class, WindshiftListenerAutoConfiguration.class })
public class ChaosApp {

	public static void main(String[] args) {
		String listeners = "plain";
		for (String arg : args) {
			if (arg.startsWith("--chaos.listeners=")) {
				listeners = arg.substring("--chaos.listeners=".length());
			}
		}
		List<Class<?>> sources = new ArrayList<>(List.of(ChaosApp.class));
		ChaosWorkload.listeners(listeners).stream().map(ListenerKind::component).forEach(sources::add);
		SpringApplication application = new SpringApplication(sources.toArray(Class<?>[]::new));
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args);
	}

	@Bean(destroyMethod = "")
	History chaosHistory(@Value("${chaos.dir}") Path dir, @Value("${chaos.instance}") String instance) {
		return new History(dir, instance);
	}

	@Bean
	ChaosHandling chaosHandling(History history, @Value("${chaos.sabotage:false}") boolean sabotage) {
		return new ChaosHandling(history, sabotage);
	}

	@Bean
	ChaosPublisher chaosPublisher(WindshiftTemplate template, History history, @Value("${chaos.dir}") Path dir,
			@Value("${chaos.publishers:sync,async,after-commit}") String publishers,
			@Value("${chaos.rate:50}") int perSecond, @Value("${chaos.instance}") String instance) {
		return new ChaosPublisher(template, history, ChaosWorkload.publishers(publishers), dir, perSecond, instance,
				new TransactionTemplate(new ChaosTransactionManager()));
	}

	/**
	 * Events whose send failed after their transaction committed are published again with
	 * their key.
	 */
	@Bean
	AfterCommitFailureHandler chaosAfterCommitRetry(ObjectProvider<ChaosPublisher> publisher) {
		return (events, failure) -> events.forEach((event) -> publisher.getObject().republish(event, failure));
	}

	@Bean
	NatsOptionsBuilderCustomizer onlyThroughTheProxies() {
		return (options) -> options.ignoreDiscoveredServers();
	}

}
