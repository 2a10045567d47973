package io.github.blobdownloader.signature;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.UntrustedText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the public keys signatures must verify with: PEM {@code PUBLIC KEY} blocks (PKIX
 * SubjectPublicKeyInfo), as {@code cosign generate-key-pair} and {@code openssl pkey -pubout} write them.
 * ECDSA P-256 and P-384, RSA (2048 bits or more) and Ed25519, all with the JDK's own providers.
 */
public final class TrustedKeys {

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");
    private static final long MAX_FILE_BYTES = 64 * 1024;

    private TrustedKeys() {}

    /** Every key of every file, in order; one line naming the file and the setting for a file that is not one. */
    public static List<TrustedKey> load(List<Path> files) {
        List<TrustedKey> keys = new ArrayList<>();
        for (Path file : files) {
            keys.add(read(file));
        }
        return List.copyOf(keys);
    }

    static TrustedKey read(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw notAKey(file, "it is larger than " + MAX_FILE_BYTES / 1024 + " KiB", null);
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new BlobDownloaderException(
                    "cannot read public key file " + file + " (" + Setting.PUBLIC_KEYS + "): "
                            + (e instanceof NoSuchFileException ? "no such file" : e.getMessage())
                            + "; check the path (relative paths start at the project's folder)",
                    true,
                    e);
        }
        Matcher m = PEM.matcher(text);
        if (!m.find()) {
            throw notAKey(
                    file,
                    text.contains("PRIVATE KEY")
                            ? "it holds a private key; give the public one (cosign.pub, or openssl pkey -pubout)"
                            : text.contains("-----BEGIN CERTIFICATE-----")
                                    ? "it holds a certificate, not a public key; give the key it certifies"
                                            + " (openssl x509 -pubkey -noout -in " + file.getFileName() + ")"
                                    : "it has no -----BEGIN PUBLIC KEY----- block",
                    null);
        }
        int start = m.start();
        if (m.find()) {
            // Only one would be read: a key the user meant to trust would silently not be.
            throw notAKey(file, "it holds more than one public key; give each its own file", null);
        }
        m.find(start);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw notAKey(file, "its PEM block is not valid base64", e);
        }
        PublicKey key = decode(file, der);
        return new TrustedKey(file, key, label(file, key));
    }

    private static PublicKey decode(Path file, byte[] der) {
        GeneralSecurityException last = null;
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw notAKey(file, "it is not an ECDSA, RSA or Ed25519 public key", last);
    }

    /** The key's type and size as messages say it; refuses curves and sizes no signer uses. */
    static String label(Path file, PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits != 256 && bits != 384) {
                throw notAKey(file, "its ECDSA curve has " + bits + " bits; use P-256 or P-384", null);
            }
            if (!isCurve(ec.getParams(), bits == 256 ? "secp256r1" : "secp384r1")) {
                // secp256k1, brainpoolP256r1: decoded, but the JDK verifies no signature with them.
                throw notAKey(
                        file,
                        "its ECDSA curve is " + UntrustedText.printable(String.valueOf(ec.getParams()))
                                + "; use P-256 or P-384",
                        null);
            }
            return "ECDSA P-" + bits;
        }
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < 2048) {
                throw notAKey(file, "its RSA key has " + bits + " bits; 2048 or more are needed", null);
            }
            return "RSA " + bits;
        }
        return "Ed25519";
    }

    private static boolean isCurve(ECParameterSpec params, String name) {
        try {
            AlgorithmParameters named = AlgorithmParameters.getInstance("EC");
            named.init(new ECGenParameterSpec(name));
            ECParameterSpec spec = named.getParameterSpec(ECParameterSpec.class);
            return spec.getCurve().equals(params.getCurve())
                    && spec.getGenerator().equals(params.getGenerator())
                    && spec.getOrder().equals(params.getOrder());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static BlobDownloaderException notAKey(Path file, String why, Exception cause) {
        return new BlobDownloaderException(
                "public key file " + file + " (" + Setting.PUBLIC_KEYS + ") is not usable: " + why, true, cause);
    }
}
