package io.github.blobdownloader.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made at test time with the {@code openssl} CLI, and server certificates it signs
 * (for {@link RegistryServer.Builder#tls}). EC P-256 keys keep generation instant.
 *
 * <pre>{@code
 * TestCertificates ca = TestCertificates.newCa(tempDir);
 * TestCertificates.Issued cert = ca.issue("127.0.0.1");  // SAN IP:127.0.0.1
 * RegistryServer.builder().tls(cert.certificate(), cert.key()).start();
 * }</pre>
 */
public final class TestCertificates {

    static final String MISSING_OPENSSL = "openssl not found: install it with `apt-get install -y openssl`";

    /** The file name of {@link #selfSigned}'s certificate. */
    public static final String SELF_SIGNED = "self-signed.pem";

    /** A server certificate and its private key, both PEM. */
    public record Issued(Path certificate, Path key) {}

    private final Path dir;
    private final Path caCert;
    private final Path caKey;
    private final AtomicInteger serial = new AtomicInteger(1);

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
    }

    /** Creates a new CA (valid for two days) with its files in {@code dir}. */
    public static TestCertificates newCa(Path dir) {
        return newCa(dir, "prime256v1");
    }

    /** Creates a new CA whose key is on {@code curve} (as openssl names it: {@code secp224r1}, {@code secp384r1}). */
    public static TestCertificates newCa(Path dir, String curve) {
        TestCertificates ca = new TestCertificates(dir);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("index.txt"), "");
            Files.writeString(dir.resolve("ca.cnf"), caConfig(dir));
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + dir, e);
        }
        ca.openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:" + curve,
                "-nodes",
                "-keyout",
                ca.caKey.toString(),
                "-out",
                ca.caCert.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=blob-downloader test CA " + System.nanoTime(),
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        return ca;
    }

    /** The CA certificate, PEM: what {@code caCertificates} is given. */
    public Path caPem() {
        return caCert;
    }

    /**
     * A self-signed certificate of an {@code algorithm} key as {@code openssl req -newkey} names it
     * ({@code ed448}, {@code rsa:2048}), PEM, in {@code dir}.
     */
    public static Path selfSigned(Path dir, String algorithm) {
        TestCertificates files = new TestCertificates(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + dir, e);
        }
        Path cert = dir.resolve(SELF_SIGNED);
        files.openssl(
                "req",
                "-x509",
                "-newkey",
                algorithm,
                "-nodes",
                "-keyout",
                keyOf(cert).toString(),
                "-out",
                cert.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=self-signed " + algorithm);
        return cert;
    }

    /**
     * An RSA chain as public registries serve: a root CA, an intermediate CA it signs, and a server certificate
     * for {@code 127.0.0.1} the intermediate signs (with RSASSA-PSS if {@code pss}). PEM files in {@code dir},
     * in that order: root, intermediate, server.
     */
    public static List<Path> rsaChain(Path dir, boolean pss) {
        TestCertificates files = new TestCertificates(dir);
        try {
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve("intermediate.ext"),
                    "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
            Files.writeString(
                    dir.resolve("server.ext"),
                    "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
                            + "keyUsage=critical,digitalSignature,keyEncipherment\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + dir, e);
        }
        String root = dir.resolve("root").toString();
        files.openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                root + ".key",
                "-out",
                root + ".pem",
                "-days",
                "2",
                "-subj",
                "/CN=blob-downloader test root " + System.nanoTime(),
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        String issuer = root;
        for (String name : List.of("intermediate", "server")) {
            String base = dir.resolve(name).toString();
            files.openssl(
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    base + ".key",
                    "-out",
                    base + ".csr",
                    "-subj",
                    "/CN=" + (name.equals("server") ? "127.0.0.1" : "blob-downloader test intermediate"));
            List<String> sign = new ArrayList<>(List.of(
                    "x509",
                    "-req",
                    "-in",
                    base + ".csr",
                    "-CA",
                    issuer + ".pem",
                    "-CAkey",
                    issuer + ".key",
                    "-set_serial",
                    String.valueOf(System.nanoTime()),
                    "-days",
                    "2",
                    "-sha256",
                    "-extfile",
                    base + ".ext",
                    "-out",
                    base + ".pem"));
            if (pss && name.equals("server")) {
                sign.addAll(List.of("-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"));
            }
            files.openssl(sign.toArray(String[]::new));
            issuer = base;
        }
        return List.of(dir.resolve("root.pem"), dir.resolve("intermediate.pem"), dir.resolve("server.pem"));
    }

    /** The private key's file beside a certificate this class made ({@code x.pem}: {@code x.key}). */
    public static Path keyOf(Path certificate) {
        String name = certificate.getFileName().toString();
        return certificate.resolveSibling(name.substring(0, name.length() - ".pem".length()) + ".key");
    }

    /** The PKCS#8 bytes of a private key's PEM file, as openssl writes it. */
    public static byte[] privateKeyBytes(Path pem) {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + pem, e);
        }
        if (!text.contains("BEGIN PRIVATE KEY")) {
            throw new IllegalStateException("openssl wrote no PKCS#8 key to " + pem);
        }
        return Base64.getDecoder().decode(text.replaceAll("-----[A-Z ]+-----|\\s", ""));
    }

    /** A certificate for {@code 127.0.0.1} / {@code localhost} style names, valid now. */
    public Issued issue(String... names) {
        return issue("now", names);
    }

    /** A certificate that expired in 2020. */
    public Issued issueExpired(String... names) {
        return issue("expired", names);
    }

    /** A certificate naming {@code name} only as its subject's CN, with no subject alternative names. */
    public Issued issueNamedOnlyInSubject(String name) {
        return issue("subject-only", new String[] {name});
    }

    private Issued issue(String validity, String... names) {
        String base = "server-" + serial.getAndIncrement();
        Path key = dir.resolve(base + ".key");
        Path csr = dir.resolve(base + ".csr");
        Path cert = dir.resolve(base + ".pem");
        Path ext = dir.resolve(base + ".ext");
        List<String> sans = new ArrayList<>();
        for (String name : names) {
            sans.add((name.matches("[0-9.]+") || name.contains(":") ? "IP:" : "DNS:") + name);
        }
        try {
            Files.writeString(
                    ext,
                    (validity.equals("subject-only") ? "" : "subjectAltName=" + String.join(",", sans) + "\n")
                            + "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + ext, e);
        }
        openssl(
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                csr.toString(),
                "-subj",
                "/CN=" + names[0]);
        List<String> sign = new ArrayList<>(List.of(
                "ca",
                "-batch",
                "-notext",
                "-config",
                dir.resolve("ca.cnf").toString(),
                "-cert",
                caCert.toString(),
                "-keyfile",
                caKey.toString(),
                "-in",
                csr.toString(),
                "-out",
                cert.toString(),
                "-extfile",
                ext.toString()));
        if (validity.equals("expired")) {
            sign.addAll(List.of("-startdate", "20200101000000Z", "-enddate", "20200201000000Z"));
        } else {
            sign.addAll(List.of("-days", "2"));
        }
        openssl(sign.toArray(String[]::new));
        return new Issued(cert, key);
    }

    /** An SSL context trusting only this CA, for test clients such as {@link RegistryApi}. */
    public SSLContext clientContext() {
        return clientContext(caCert);
    }

    /** An SSL context trusting only the CA of {@code caPem}, for test clients such as {@link RegistryApi}. */
    public static SSLContext clientContext(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry(
                    "test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a client SSL context for " + caPem, e);
        }
    }

    /**
     * An SSL context serving {@code issued} as its certificate, for in-process HTTPS test servers
     * ({@code com.sun.net.httpserver.HttpsServer}); openssl bundles the PEM pair into PKCS#12 for the JDK.
     */
    public SSLContext serverContext(Issued issued) {
        Path p12 = dir.resolve(issued.certificate().getFileName() + ".p12");
        openssl(
                "pkcs12",
                "-export",
                "-in",
                issued.certificate().toString(),
                "-inkey",
                issued.key().toString(),
                "-out",
                p12.toString(),
                "-passout",
                "pass:test");
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, "test".toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, "test".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a server SSL context from " + p12, e);
        }
    }

    private static String caConfig(Path dir) {
        return "[ca]\ndefault_ca = test\n[test]\ndir = " + dir + "\ndatabase = " + dir.resolve("index.txt")
                + "\nnew_certs_dir = " + dir + "\nrand_serial = yes\ndefault_md = sha256\npolicy = any"
                + "\nunique_subject = no\n[any]\ncommonName = supplied\n";
    }

    private void openssl(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(MISSING_OPENSSL + " (" + e.getMessage() + ")", e);
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl " + args[0] + " did not finish within 30 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running openssl", e);
        }
    }
}
