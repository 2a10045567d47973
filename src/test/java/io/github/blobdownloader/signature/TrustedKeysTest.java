package io.github.blobdownloader.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.testing.ExternalTool;
import io.github.blobdownloader.testing.TestKeys;
import io.github.blobdownloader.testing.TestKeys.TestKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Public key files as cosign and openssl write them, and the one line for a file that is not one. */
class TrustedKeysTest {

    private static final byte[] MESSAGE = "payload".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void readsEveryKeyTypeAndVerifiesItsSignatures() {
        List<TestKey> keys = List.of(
                TestKeys.opensslP256(dir, "p256"),
                TestKeys.jdkP384(dir, "p384"),
                TestKeys.jdkRsa(dir, "rsa"),
                TestKeys.opensslEd25519(dir, "ed25519"));
        List<TrustedKey> trusted =
                TrustedKeys.load(keys.stream().map(TestKey::publicKey).toList());
        assertEquals(
                List.of("ECDSA P-256", "ECDSA P-384", "RSA 3072", "Ed25519"),
                trusted.stream().map(TrustedKey::label).toList());
        for (int i = 0; i < keys.size(); i++) {
            byte[] signature = keys.get(i).sign(MESSAGE);
            for (int j = 0; j < keys.size(); j++) {
                assertEquals(
                        i == j, trusted.get(j).verifies(MESSAGE, signature), keys.get(i) + " by " + trusted.get(j));
            }
            assertFalse(trusted.get(i).verifies("other".getBytes(StandardCharsets.UTF_8), signature));
        }
    }

    @Test
    void anOpensslRsaKeyAndAPssSignatureVerify() throws Exception {
        Path publicKey = TestKeys.opensslPublicKey(dir, "rsa", "RSA", "rsa_keygen_bits:2048");
        assertEquals("RSA 2048", TrustedKeys.read(publicKey).label());

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        pss.initSign(pair.getPrivate());
        pss.update(MESSAGE);
        TrustedKey key = new TrustedKey(dir, pair.getPublic(), "RSA 2048");
        assertTrue(key.verifies(MESSAGE, pss.sign()));
    }

    @Test
    void aFileThatIsNoUsableKeyIsOneLineNamingItAndTheSetting() throws Exception {
        Path privateKey = dir.resolve("cosign.key");
        ExternalTool.openssl().run("genpkey", "-algorithm", "ED25519", "-out", privateKey.toString());
        assertRefused(privateKey, "it holds a private key");

        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertRefused(text, "it has no -----BEGIN PUBLIC KEY----- block");

        Path garbage = Files.writeString(
                dir.resolve("garbage.pub"),
                "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(new byte[40])
                        + "\n-----END PUBLIC KEY-----\n");
        assertRefused(garbage, "it is not an ECDSA, RSA or Ed25519 public key");

        Path p521 = TestKeys.opensslPublicKey(dir, "p521", "EC", "ec_paramgen_curve:P-521");
        assertRefused(p521, "its ECDSA curve has 521 bits; use P-256 or P-384");

        // 256 bits, but no curve the JDK verifies with: every signature would fail as "signed by none of the keys".
        Path k1 = TestKeys.opensslPublicKey(dir, "k1", "EC", "ec_paramgen_curve:secp256k1");
        assertRefused(k1, "its ECDSA curve is secp256k1 (1.3.132.0.10); use P-256 or P-384");

        Path rsa1024 = TestKeys.opensslPublicKey(dir, "rsa1024", "RSA", "rsa_keygen_bits:1024");
        assertRefused(rsa1024, "its RSA key has 1024 bits; 2048 or more are needed");

        Path both = Files.writeString(
                dir.resolve("both.pub"),
                Files.readString(TestKeys.jdkP384(dir, "a").publicKey())
                        + Files.readString(TestKeys.opensslEd25519(dir, "b").publicKey()));
        assertRefused(both, "it holds more than one public key; give each its own file");

        Path certificate = dir.resolve("cert.pem");
        ExternalTool.openssl()
                .run(
                        "req",
                        "-x509",
                        "-new",
                        "-key",
                        dir.resolve("p521.key").toString(),
                        "-subj",
                        "/CN=signer",
                        "-days",
                        "1",
                        "-out",
                        certificate.toString());
        assertRefused(
                certificate,
                "it holds a certificate, not a public key; give the key it certifies (openssl x509 -pubkey -noout"
                        + " -in cert.pem)");

        BlobDownloaderException missing = assertThrows(
                BlobDownloaderException.class, () -> TrustedKeys.load(List.of(dir.resolve("missing.pub"))));
        assertEquals(
                "cannot read public key file " + dir.resolve("missing.pub")
                        + " (⟨publicKeys⟩): no such file; check the path (relative paths start at the project's folder)",
                missing.getMessage());
    }

    private static void assertRefused(Path file, String why) {
        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, () -> TrustedKeys.load(List.of(file)));
        assertTrue(e.isUserError());
        assertEquals(
                "public key file " + file + " (⟨publicKeys⟩) is not usable: " + why
                        + (why.contains("private")
                                ? "; give the public one (cosign.pub, or openssl pkey -pubout)"
                                : ""),
                e.getMessage());
    }
}
