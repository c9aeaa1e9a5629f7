package io.windshift.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.windshift.test.WindshiftNatsServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole sample flow, end to end, against a real nats-server. */
// tag::real-server[]
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "windshift.dev-server.enabled=false")
@WindshiftNatsServer
class OrdersApplicationTests {

	// end::real-server[]

	@Autowired
	OrderJournal journal;

	@LocalServerPort
	int port;

	@Test
	void demoOrdersFlowThroughEveryListener() {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.journal.entries()).contains("processed:1001", "shipped:1001",
					"processed:1002", "payment-retried:1002", "dead-lettered:dlq.orders", "audited:orders.placed",
					"audited:orders.shipped", "projected-placed:1001", "projected-shipped:1001"));
		// the demo publishes order 1001 twice with the same idempotency key: it is
		// processed once
		assertThat(this.journal.entries()).containsOnlyOnce("processed:1001");
		// the class-level projector handles the events of an order in stream order
		List<String> entries = this.journal.entries();
		assertThat(entries.indexOf("projected-placed:1001")).isLessThan(entries.indexOf("projected-shipped:1001"));
	}

	@Test
	void restEndpointPublishesOnceForARetriedRequest() {
		Map<String, Object> body = Map.of("orderId", "2001", "customer", "kim", "sku", "pen", "quantity", 3,
				"priceCents", 150);
		RestClient rest = RestClient.create("http://127.0.0.1:" + this.port);
		ResponseEntity<Map> first = rest.post().uri("/orders").body(body).retrieve().toEntity(Map.class);
		ResponseEntity<Map> second = rest.post().uri("/orders").body(body).retrieve().toEntity(Map.class);
		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(first.getBody()).containsEntry("duplicate", false);
		assertThat(second.getBody()).containsEntry("duplicate", true).containsEntry("id", first.getBody().get("id"));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.journal.entries()).contains("shipped:2001"));
		assertThat(this.journal.entries()).containsOnlyOnce("processed:2001");
	}

}
