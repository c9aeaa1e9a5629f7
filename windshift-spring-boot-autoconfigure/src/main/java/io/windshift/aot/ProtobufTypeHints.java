package io.windshift.aot;

import com.google.protobuf.Message;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;

/**
 * The hints a generated protobuf message type needs: its public methods
 * ({@code getDefaultInstance}, {@code parser}, the field accessors that protobuf's
 * reflection-based accessor table looks up) and those of its builder.
 */
final class ProtobufTypeHints {

	private ProtobufTypeHints() {
	}

	static void register(RuntimeHints hints, Class<? extends Message> type) {
		register(hints, type.getName());
	}

	static void register(RuntimeHints hints, String typeName) {
		hints.reflection().registerType(TypeReference.of(typeName), MemberCategory.INVOKE_PUBLIC_METHODS);
		hints.reflection().registerType(TypeReference.of(typeName + "$Builder"), MemberCategory.INVOKE_PUBLIC_METHODS);
	}

}
