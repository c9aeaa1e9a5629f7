package io.windshift.listener;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DeliveryGaps}.
 */
class DeliveryGapsTests {

	private final DeliveryGaps gaps = new DeliveryGaps();

	@Test
	void deliveriesInSequenceMissNothing() {
		for (long sequence = 1; sequence <= 5; sequence++) {
			assertThat(this.gaps.arrived(sequence)).isZero();
		}
		assertThat(this.gaps.missing()).isZero();
	}

	@Test
	void aSequenceBeyondTheNextOneMissesTheOnesBetween() {
		this.gaps.arrived(1);
		this.gaps.arrived(2);
		assertThat(this.gaps.arrived(6)).isEqualTo(3);
		assertThat(this.gaps.missing()).isEqualTo(3);
		assertThat(this.gaps.arrived(7)).isZero();
	}

	@Test
	void aMissingDeliveryArrivingLateIsNotLost() {
		this.gaps.arrived(10);
		assertThat(this.gaps.arrived(12)).isEqualTo(1);
		assertThat(this.gaps.arrived(11)).isEqualTo(-1);
		assertThat(this.gaps.missing()).isZero();
		assertThat(this.gaps.arrived(13)).isZero();
	}

	@Test
	void aLowerSequenceThatWasNotMissingIsANewConsumerCountingFromOne() {
		this.gaps.arrived(40);
		this.gaps.arrived(42);
		assertThat(this.gaps.arrived(1)).isZero();
		assertThat(this.gaps.missing()).isZero();
		assertThat(this.gaps.arrived(2)).isZero();
		assertThat(this.gaps.arrived(4)).isEqualTo(1);
	}

	@Test
	void aRestartForgetsWhatWentMissingBefore() {
		this.gaps.arrived(1);
		this.gaps.arrived(5);
		this.gaps.restart(20);
		assertThat(this.gaps.missing()).isZero();
		assertThat(this.gaps.arrived(21)).isZero();
		assertThat(this.gaps.arrived(3)).as("before the restart: a new consumer").isZero();
	}

	@Test
	void rememberedMissingSequencesAreBounded() {
		this.gaps.arrived(1);
		assertThat(this.gaps.arrived(DeliveryGaps.MAX_TRACKED * 3L)).isEqualTo(DeliveryGaps.MAX_TRACKED * 3L - 2);
		assertThat(this.gaps.missing()).isEqualTo(DeliveryGaps.MAX_TRACKED);
	}

	@Test
	void unknownSequencesAreIgnored() {
		this.gaps.arrived(3);
		assertThat(this.gaps.arrived(0)).isZero();
		assertThat(this.gaps.arrived(4)).isZero();
	}

}
