package io.windshift.listener;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The endpoint built by hand: unset settings stay unset (the factory's defaults apply),
 * the lists are copies, and the deprecated constructors make the same endpoint as the
 * builder.
 */
class WindshiftListenerEndpointTests {

	private final Object bean = new Object();

	private final Method method = method("toString");

	@Test
	void unsetSettingsTakeTheFactoryDefaults() {
		WindshiftListenerEndpoint endpoint = WindshiftListenerEndpoint
			.builder("id", "bean", this.bean, this.method, "orders")
			.build();
		assertThat(endpoint.id()).isEqualTo("id");
		assertThat(endpoint.stream()).isEqualTo("orders");
		assertThat(endpoint.ackMode()).isEqualTo(AckMode.DEFAULT);
		assertThat(endpoint.subjects()).isEmpty();
		assertThat(endpoint.handlers()).isEmpty();
		assertThat(endpoint.consumer()).isNull();
		assertThat(endpoint.concurrency()).isNull();
		assertThat(endpoint.maxBatchWait()).isNull();
		assertThat(endpoint.ignoreUnhandledTypes()).isFalse();
	}

	@Test
	void listsAreCopiedAndImmutable() {
		List<String> subjects = new ArrayList<>(List.of("orders.created"));
		WindshiftListenerEndpoint endpoint = WindshiftListenerEndpoint
			.builder("id", "bean", this.bean, this.method, "orders")
			.subjects(subjects)
			.build();
		subjects.add("orders.updated");
		assertThat(endpoint.subjects()).containsExactly("orders.created");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> endpoint.subjects().add("orders.deleted"));
	}

	@Test
	@SuppressWarnings("deprecation")
	void deprecatedConstructorsMakeWhatTheBuilderMakes() {
		WindshiftListenerEndpoint built = WindshiftListenerEndpoint
			.builder("id", "bean", this.bean, this.method, "orders")
			.consumer("processor")
			.subjects(List.of("orders.created"))
			.processingTimeout(Duration.ofSeconds(10))
			.concurrency(4)
			.ackMode(AckMode.MANUAL)
			.rejectPolicy("policy")
			.build();
		WindshiftListenerEndpoint legacy = new WindshiftListenerEndpoint("id", "bean", this.bean, this.method, "orders",
				"processor", List.of("orders.created"), Duration.ofSeconds(10), null, null, null, 4, AckMode.MANUAL,
				null, null, "policy");
		assertThat(legacy).isEqualTo(built).hasSameHashCodeAs(built);
		WindshiftListenerEndpoint canonical = new WindshiftListenerEndpoint("id", "bean", this.bean, this.method,
				"orders", "processor", List.of("orders.created"), Duration.ofSeconds(10), null, null, null, 4,
				AckMode.MANUAL, null, null, "policy", null, List.of(), null, "subject", false, null, null);
		assertThat(canonical).isNotEqualTo(built);
		assertThat(canonical.orderBy()).isEqualTo("subject");
	}

	@Test
	void aStreamIsRequired() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WindshiftListenerEndpoint.builder("id", "bean", this.bean, this.method, " "))
			.withMessageContaining("stream");
	}

	private static Method method(String name) {
		try {
			return Object.class.getMethod(name);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
