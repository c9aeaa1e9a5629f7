package io.windshift.test;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Throwaway PKI for TLS tests: a CA, a server certificate for
 * {@code 127.0.0.1}/{@code localhost} and a client certificate, all EC P-256, written as
 * PEM files (keys as PKCS#8) into a directory.
 */
public final class TestCertificates {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Path dir;

	private TestCertificates(Path dir) {
		this.dir = dir;
	}

	/** Generates a fresh CA, server and client certificate into {@code dir}. */
	public static TestCertificates generate(Path dir) {
		try {
			Files.createDirectories(dir);
			KeyPair caKeys = keyPair();
			X500Name caName = new X500Name("CN=Windshift Test CA");
			X509Certificate ca = sign(caName, caKeys, caName, caKeys.getPublic(), true, null);
			KeyPair serverKeys = keyPair();
			X509Certificate server = sign(caName, caKeys, new X500Name("CN=localhost"), serverKeys.getPublic(), false,
					KeyPurposeId.id_kp_serverAuth);
			KeyPair clientKeys = keyPair();
			X509Certificate client = sign(caName, caKeys, new X500Name("CN=windshift-client"), clientKeys.getPublic(),
					false, KeyPurposeId.id_kp_clientAuth);
			TestCertificates certificates = new TestCertificates(dir);
			write(certificates.caCert(), ca);
			write(certificates.serverCert(), server);
			writeKey(certificates.serverKey(), serverKeys.getPrivate());
			write(certificates.clientCert(), client);
			writeKey(certificates.clientKey(), clientKeys.getPrivate());
			return certificates;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public Path caCert() {
		return this.dir.resolve("ca.pem");
	}

	public Path serverCert() {
		return this.dir.resolve("server.pem");
	}

	public Path serverKey() {
		return this.dir.resolve("server-key.pem");
	}

	public Path clientCert() {
		return this.dir.resolve("client.pem");
	}

	public Path clientKey() {
		return this.dir.resolve("client-key.pem");
	}

	private static KeyPair keyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
		return generator.generateKeyPair();
	}

	private static X509Certificate sign(X500Name issuer, KeyPair issuerKeys, X500Name subject,
			java.security.PublicKey subjectKey, boolean ca, @Nullable KeyPurposeId purpose)
			throws IOException, GeneralSecurityException, OperatorCreationException {
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
				new BigInteger(64, RANDOM).abs().add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
				Date.from(now.plus(Duration.ofDays(2))), subject, subjectKey);
		JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
		builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
		builder.addExtension(Extension.authorityKeyIdentifier, false,
				utils.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
		if (ca) {
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
		}
		else {
			builder.addExtension(Extension.keyUsage, true,
					new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
							new GeneralName(GeneralName.dNSName, "localhost") }));
		}
		return new JcaX509CertificateConverter().getCertificate(
				builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
	}

	private static void write(Path file, Object pem) throws IOException {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(pem);
		}
		Files.writeString(file, out.toString());
	}

	private static void writeKey(Path file, PrivateKey key) throws IOException {
		write(file, new JcaPKCS8Generator(key, null));
	}

}
