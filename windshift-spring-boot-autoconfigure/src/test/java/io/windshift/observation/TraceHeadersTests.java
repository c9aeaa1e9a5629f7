package io.windshift.observation;

import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceHeadersTests {

	private static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

	@Test
	void writesWindshiftGoNamesOnly() {
		Headers headers = new Headers();
		new TraceHeaders(false).set(headers, "traceparent", PARENT);
		new TraceHeaders(false).set(headers, "tracestate", "a=b");
		assertThat(headers.getFirst("WS-Trace-Parent")).isEqualTo(PARENT);
		assertThat(headers.getFirst("WS-Trace-State")).isEqualTo("a=b");
		assertThat(headers.containsKey("traceparent")).isFalse();
	}

	@Test
	void writesStandardNamesTooWhenAsked() {
		Headers headers = new Headers();
		new TraceHeaders(true).set(headers, "traceparent", PARENT);
		assertThat(headers.getFirst("WS-Trace-Parent")).isEqualTo(PARENT);
		assertThat(headers.getFirst("traceparent")).isEqualTo(PARENT);
	}

	@Test
	void otherFieldsKeepTheirName() {
		Headers headers = new Headers();
		new TraceHeaders(false).set(headers, "baggage", "k=v");
		assertThat(headers.getFirst("baggage")).isEqualTo("k=v");
	}

	@Test
	void readsWindshiftGoNamesFirstThenStandardOnes() {
		Headers fromGo = new Headers().put("WS-Trace-Parent", PARENT).put("traceparent", "other");
		assertThat(TraceHeaders.get(fromGo, "traceparent")).isEqualTo(PARENT);
		Headers standard = new Headers().put("traceparent", PARENT);
		assertThat(TraceHeaders.get(standard, "traceparent")).isEqualTo(PARENT);
		assertThat(TraceHeaders.get(null, "traceparent")).isNull();
		assertThat(TraceHeaders.get(new Headers(), "tracestate")).isNull();
	}

}
