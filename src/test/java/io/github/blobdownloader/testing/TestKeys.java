package io.github.blobdownloader.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * Signing keys made at test time, the public half written as cosign writes {@code cosign.pub} (a PEM
 * {@code PUBLIC KEY}). openssl makes and uses the P-256 and Ed25519 keys; the JDK the P-384 and RSA ones.
 */
public final class TestKeys {

    /** A key pair: its public PEM file and a way to sign with the private half. */
    public interface TestKey {
        Path publicKey();

        /** The signature over {@code message} in the scheme cosign uses for this key type. */
        byte[] sign(byte[] message);
    }

    private TestKeys() {}

    /** ECDSA P-256 by openssl; signatures by {@code openssl dgst -sha256} (ASN.1 DER, as cosign writes). */
    public static TestKey opensslP256(Path dir, String name) {
        Path publicKey = opensslPublicKey(dir, name, "EC", "ec_paramgen_curve:P-256");
        return new OpensslKey(publicKey, dir.resolve(name + ".key"), false);
    }

    /** Ed25519 by openssl; signatures by {@code openssl pkeyutl -rawin} (pure Ed25519 over the message). */
    public static TestKey opensslEd25519(Path dir, String name) {
        Path publicKey = opensslPublicKey(dir, name, "ED25519", null);
        return new OpensslKey(publicKey, dir.resolve(name + ".key"), true);
    }

    /** ECDSA P-384 by the JDK, signing with SHA-384. */
    public static TestKey jdkP384(Path dir, String name) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"));
            return jdk(generator.generateKeyPair(), "SHA384withECDSA", dir.resolve(name + ".pub"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RSA 3072 by the JDK, signing with PKCS#1 v1.5 and SHA-256. */
    public static TestKey jdkRsa(Path dir, String name) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072);
            return jdk(generator.generateKeyPair(), "SHA256withRSA", dir.resolve(name + ".pub"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A key made by {@code openssl genpkey -algorithm ALGORITHM [-pkeyopt OPTION]} as {@code NAME.key} in
     * {@code dir}, and its public half as {@code NAME.pub}, which is returned.
     *
     * @param option a {@code -pkeyopt} value, or {@code null}
     */
    public static Path opensslPublicKey(Path dir, String name, String algorithm, String option) {
        Path privateKey = dir.resolve(name + ".key");
        Path publicKey = dir.resolve(name + ".pub");
        if (option == null) {
            ExternalTool.openssl().run("genpkey", "-algorithm", algorithm, "-out", privateKey.toString());
        } else {
            ExternalTool.openssl()
                    .run("genpkey", "-algorithm", algorithm, "-pkeyopt", option, "-out", privateKey.toString());
        }
        ExternalTool.openssl().run("pkey", "-in", privateKey.toString(), "-pubout", "-out", publicKey.toString());
        return publicKey;
    }

    private static TestKey jdk(KeyPair pair, String algorithm, Path publicKey) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        write(publicKey, pem.getBytes(StandardCharsets.US_ASCII));
        PrivateKey privateKey = pair.getPrivate();
        return new TestKey() {
            @Override
            public Path publicKey() {
                return publicKey;
            }

            @Override
            public byte[] sign(byte[] message) {
                try {
                    Signature signer = Signature.getInstance(algorithm);
                    signer.initSign(privateKey);
                    signer.update(message);
                    return signer.sign();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private record OpensslKey(Path publicKey, Path privateKey, boolean ed25519) implements TestKey {
        @Override
        public byte[] sign(byte[] message) {
            try {
                Path in = Files.createTempFile("message", ".bin");
                Path out = Files.createTempFile("signature", ".bin");
                try {
                    Files.write(in, message);
                    if (ed25519) {
                        ExternalTool.openssl()
                                .run(
                                        "pkeyutl",
                                        "-sign",
                                        "-rawin",
                                        "-inkey",
                                        privateKey.toString(),
                                        "-in",
                                        in.toString(),
                                        "-out",
                                        out.toString());
                    } else {
                        ExternalTool.openssl()
                                .run(
                                        "dgst",
                                        "-sha256",
                                        "-sign",
                                        privateKey.toString(),
                                        "-out",
                                        out.toString(),
                                        in.toString());
                    }
                    return Files.readAllBytes(out);
                } finally {
                    Files.deleteIfExists(in);
                    Files.deleteIfExists(out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
