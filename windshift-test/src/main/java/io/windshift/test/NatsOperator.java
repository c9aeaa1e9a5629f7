package io.windshift.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import org.jspecify.annotations.Nullable;

/**
 * Decentralised (operator mode) auth for a test server: an operator, one account with
 * JetStream enabled, and user JWTs issued by the account, including expired and revoked
 * ones. Revoke users before rendering {@link #serverConfig()}: the server reads the
 * account JWT (with its revocations) at start.
 */
public final class NatsOperator {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final NKey operator;

	private final NKey account;

	private final NKey system;

	private final Map<String, Long> revocations = new LinkedHashMap<>();

	private NatsOperator(NKey operator, NKey account, NKey system) {
		this.operator = operator;
		this.account = account;
		this.system = system;
	}

	public static NatsOperator create() {
		try {
			return new NatsOperator(NKey.createOperator(RANDOM), NKey.createAccount(RANDOM),
					NKey.createAccount(RANDOM));
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A user that never expires. */
	public User user(String name) {
		return user(name, null, Instant.now());
	}

	/**
	 * A user issued at {@code issuedAt} whose JWT is valid for {@code validFor} from then
	 * ({@code null}: ever).
	 */
	public User user(String name, @Nullable Duration validFor, Instant issuedAt) {
		try {
			NKey user = NKey.createUser(RANDOM);
			String publicKey = new String(user.getPublicKey());
			String jwt = JwtUtils.issueUserJWT(this.account, publicKey(this.account), publicKey, name, validFor,
					new String[0], issuedAt.getEpochSecond());
			return new User(name, publicKey, jwt, new String(user.getSeed()));
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Revokes every JWT of this user issued up to now. */
	public void revoke(User user) {
		this.revocations.put(user.publicKey(), Instant.now().getEpochSecond() + 1);
	}

	/**
	 * The {@code operator}, {@code resolver} and preloaded account for
	 * {@link NatsServerConfig#extra}.
	 */
	public String serverConfig() {
		try {
			String operatorKey = publicKey(this.operator);
			String operatorJwt = JwtUtils.issueJWT(this.operator, operatorKey, "windshift-test-operator", null,
					Instant.now().getEpochSecond(), operatorKey, raw("{\"type\":\"operator\",\"version\":2}"));
			String revoked = this.revocations.entrySet()
				.stream()
				.map((entry) -> "\"" + entry.getKey() + "\":" + entry.getValue())
				.collect(Collectors.joining(","));
			String accountKey = publicKey(this.account);
			String accountJwt = JwtUtils.issueJWT(this.operator, accountKey, "windshift-test-account", null,
					Instant.now().getEpochSecond(), operatorKey,
					raw("{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,"
							+ "\"wildcards\":true,\"conn\":-1,\"leaf\":-1,\"mem_storage\":-1,\"disk_storage\":-1,"
							+ "\"streams\":-1,\"consumer\":-1},\"revocations\":{" + revoked
							+ "},\"type\":\"account\",\"version\":2}"));
			String systemKey = publicKey(this.system);
			String systemJwt = JwtUtils.issueJWT(this.operator, systemKey, "SYS", null, Instant.now().getEpochSecond(),
					operatorKey, raw("{\"type\":\"account\",\"version\":2}"));
			return "operator: \"" + operatorJwt + "\"\nsystem_account: " + systemKey
					+ "\nresolver: MEMORY\nresolver_preload: {\n  " + accountKey + ": \"" + accountJwt + "\"\n  "
					+ systemKey + ": \"" + systemJwt + "\"\n}\n";
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String publicKey(NKey key) throws GeneralSecurityException, IOException {
		return new String(key.getPublicKey());
	}

	private static JsonSerializable raw(String json) {
		return () -> json;
	}

	/** A user's public key, JWT and nkey seed. */
	public record User(String name, String publicKey, String jwt, String seed) {

		/**
		 * Writes a {@code .creds} file for this user into the directory and returns it.
		 */
		public Path writeCreds(Path dir) {
			try {
				return Files.writeString(dir.resolve(this.name + ".creds"),
						String.format(JwtUtils.NATS_USER_JWT_FORMAT, this.jwt, this.seed));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public String toString() {
			return "User[" + this.name + "]";
		}

	}

}
