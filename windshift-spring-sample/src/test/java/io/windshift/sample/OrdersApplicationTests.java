package io.windshift.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.windshift.test.WindshiftNatsServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The whole sample flow, end to end, against a real nats-server. */
// tag::real-server[]
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "windshift.dev-server.enabled=false", "sample.payment-reminder-delay=3s" })
@WindshiftNatsServer
class OrdersApplicationTests {

	// end::real-server[]

	@Autowired
	OrderJournal journal;

	@Autowired
	OrderCancellations cancellations;

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

	@Test
	void paymentReminderArrivesAtItsTimeAndOnce() {
		Map<String, Object> body = Map.of("orderId", "2101", "customer", "lin", "sku", "lamp", "quantity", 1,
				"priceCents", 4200);
		RestClient rest = RestClient.create("http://127.0.0.1:" + this.port);
		Instant placed = Instant.now();
		rest.post().uri("/orders").body(body).retrieve().toBodilessEntity();
		// a retried request: the order and its reminder are stored once
		rest.post().uri("/orders").body(body).retrieve().toBodilessEntity();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.journal.entries()).contains("reminded:2101"));
		// not before its time: 3 s after the order was placed
		// (sample.payment-reminder-delay)
		assertThat(this.journal.recordedAt("reminded:2101")).hasValueSatisfying(
				(remindedAt) -> assertThat(remindedAt).isAfterOrEqualTo(placed.plus(Duration.ofSeconds(3))));
		// once: no second reminder follows
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.journal.entries()).containsOnlyOnce("reminded:2101"));
	}

	@Test
	void cancellationIsPublishedWhenItsTransactionCommitsAndNeverWhenItRollsBack() {
		this.cancellations.cancel("3001", "wrong size");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.journal.entries()).contains("cancelled:3001:wrong size"));
		// the second cancellation of the order rolls back after publishAfterCommit: its
		// event is dropped
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.cancellations.cancel("3001", "second thoughts"));
		// the next committed cancellation comes through the same consumer, in stream
		// order: had the rolled-back event been sent, it would have arrived first
		this.cancellations.cancel("3002", "too late");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.journal.entries()).contains("cancelled:3002:too late"));
		assertThat(this.journal.entries()).containsOnlyOnce("cancelled:3001:wrong size")
			.doesNotContain("cancelled:3001:second thoughts");
	}

}
