package io.windshift.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders NATS server URLs for logs and error messages without any user information they
 * may carry.
 */
public final class NatsServerUrls {

	private NatsServerUrls() {
	}

	/**
	 * The URLs joined as {@code [a, b]}, each with {@code user:pass@} or {@code token@}
	 * removed.
	 */
	public static String redact(List<String> servers) {
		return servers.stream().map(NatsServerUrls::redact).collect(Collectors.joining(", ", "[", "]"));
	}

	/** One URL with its user information removed. */
	public static String redact(String server) {
		int at = server.lastIndexOf('@');
		if (at < 0) {
			return server;
		}
		int scheme = server.indexOf("://");
		String prefix = (scheme >= 0 && scheme < at) ? server.substring(0, scheme + 3) : "";
		return prefix + "***@" + server.substring(at + 1);
	}

	/** Whether any URL carries user information. */
	public static boolean anyHasUserInfo(List<String> servers) {
		return servers.stream().anyMatch((server) -> server.indexOf('@') >= 0);
	}

}
