package io.windshift.events;

import java.util.ArrayList;
import java.util.List;

import io.windshift.events.PermissionViolations.Kind;
import io.windshift.events.PermissionViolations.Violation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PermissionViolations}.
 */
class PermissionViolationsTests {

	@Test
	void parsesAPublishViolationWithOrWithoutTheServersQuotes() {
		for (String error : new String[] { "'Permissions Violation for Publish to \"secret.created\"'",
				"Permissions Violation for Publish to \"secret.created\"" }) {
			assertThat(PermissionViolations.parse(error)).get().satisfies((violation) -> {
				assertThat(violation.kind()).isEqualTo(Kind.PUBLISH);
				assertThat(violation.subject()).isEqualTo("secret.created");
				assertThat(violation.serverError())
					.isEqualTo("Permissions Violation for Publish to \"secret.created\"");
			});
		}
	}

	@Test
	void parsesSubscriptionAndReplyViolations() {
		assertThat(PermissionViolations
			.parse("Permissions Violation for Subscription to \"$JS.API.CONSUMER.INFO.ledger.w\" using queue \"q\""))
			.get()
			.satisfies((violation) -> {
				assertThat(violation.kind()).isEqualTo(Kind.SUBSCRIBE);
				assertThat(violation.subject()).isEqualTo("$JS.API.CONSUMER.INFO.ledger.w");
			});
		assertThat(PermissionViolations.parse("permissions violation for publish with reply of \"_INBOX.abc\"")).get()
			.satisfies((violation) -> {
				assertThat(violation.kind()).isEqualTo(Kind.REPLY);
				assertThat(violation.subject()).isEqualTo("_INBOX.abc");
			});
	}

	@Test
	void ignoresOtherErrors() {
		assertThat(PermissionViolations.parse(null)).isEmpty();
		assertThat(PermissionViolations.parse("Authorization Violation")).isEmpty();
		assertThat(PermissionViolations.parse("Maximum Payload Violation")).isEmpty();
		assertThat(PermissionViolations.parse("Permissions Violation for Publish to")).isEmpty();
		PermissionViolations violations = new PermissionViolations();
		assertThat(violations.record("Stale Connection")).isEmpty();
		assertThat(violations.since("x", Long.MIN_VALUE)).isEmpty();
	}

	@Test
	void sinceMatchesTheExactSubjectRecordedAfterTheGivenTime() {
		PermissionViolations violations = new PermissionViolations();
		violations.record("Permissions Violation for Publish to \"a\"");
		long between = System.nanoTime();
		violations.record("Permissions Violation for Publish to \"b\"");
		assertThat(violations.since("a", between)).isEmpty();
		assertThat(violations.since("b", between)).get().extracting(Violation::subject).isEqualTo("b");
		assertThat(violations.since("b.c", between)).isEmpty();
		assertThat(violations.since((violation) -> violation.subject().startsWith("a"), between - 1_000_000_000L))
			.isPresent();
		assertThat(violations.since("b", System.nanoTime() + 1)).isEmpty();
	}

	@Test
	void keepsOnlyTheMostRecentViolations() {
		PermissionViolations violations = new PermissionViolations(2);
		long start = System.nanoTime();
		violations.record("Permissions Violation for Publish to \"a\"");
		violations.record("Permissions Violation for Publish to \"b\"");
		violations.record("Permissions Violation for Publish to \"c\"");
		assertThat(violations.since("a", start)).isEmpty();
		assertThat(violations.since("b", start)).isPresent();
		assertThat(violations.since("c", start)).isPresent();
		assertThatIllegalArgumentException().isThrownBy(() -> new PermissionViolations(0));
	}

	@Test
	void watchersHearOfViolationsOnTheirSubjectUntilClosed() throws Exception {
		PermissionViolations violations = new PermissionViolations();
		List<String> heard = new ArrayList<>();
		AutoCloseable watch = violations.watch("a", (violation) -> heard.add(violation.serverError()));
		violations.record("Permissions Violation for Publish to \"b\"");
		violations.record("Permissions Violation for Publish to \"a\"");
		watch.close();
		violations.record("Permissions Violation for Publish to \"a\"");
		assertThat(heard).containsExactly("Permissions Violation for Publish to \"a\"");
	}

}
