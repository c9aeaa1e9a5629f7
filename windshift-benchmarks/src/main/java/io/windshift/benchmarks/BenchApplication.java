package io.windshift.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The starter side's application: auto-configuration plus the benchmark listeners (none
 * of which starts with the context; each is started through the registry when its timing
 * begins).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class BenchApplication {

	@Bean
	BenchListeners benchListeners() {
		return new BenchListeners();
	}

}
