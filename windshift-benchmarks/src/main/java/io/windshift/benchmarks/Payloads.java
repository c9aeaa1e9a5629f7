package io.windshift.benchmarks;

import com.google.protobuf.ByteString;
import io.windshift.benchmarks.proto.Tick;

/** The 128-byte protobuf payload used by every benchmark. */
final class Payloads {

	static final int SIZE = 128;

	private static final ByteString FILLER = ByteString.copyFrom(new byte[96]);

	private Payloads() {
	}

	static Tick tick(long seq) {
		Tick tick = Tick.newBuilder()
			.setSeq(seq)
			.setSentNanos(System.nanoTime())
			.setSource("bench")
			.setFiller(FILLER)
			.build();
		return tick;
	}

}
