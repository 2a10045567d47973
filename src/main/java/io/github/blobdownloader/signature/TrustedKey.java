package io.github.blobdownloader.signature;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;

/**
 * One configured public key and the signature schemes cosign and Sigstore use with it: ECDSA (ASN.1 DER
 * signatures) with the curve's hash, RSA PKCS#1 v1.5 or PSS with SHA-256, Ed25519 over the message itself.
 *
 * @param file  the PEM file it was read from, as messages and the report name it
 * @param key   the key
 * @param label what it is, e.g. {@code ECDSA P-256}
 */
public record TrustedKey(Path file, PublicKey key, String label) {

    /** Whether {@code signature} is this key's over {@code message}, in any scheme the key type allows. */
    public boolean verifies(byte[] message, byte[] signature) {
        for (String scheme : schemes()) {
            try {
                Signature verifier = Signature.getInstance(scheme);
                if (scheme.equals("RSASSA-PSS")) {
                    // Sigstore's PSS keys use SHA-256 with a salt as long as the hash.
                    verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                }
                verifier.initVerify(key);
                verifier.update(message);
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // Malformed for this scheme (e.g. not DER): not this key's signature in it.
            }
        }
        return false;
    }

    private List<String> schemes() {
        return switch (key.getAlgorithm()) {
            case "EC" ->
                curveBits() > 256
                        // P-384: SHA-384 as Sigstore's key details say; older cosign hashed every curve with SHA-256.
                        ? List.of("SHA384withECDSA", "SHA256withECDSA")
                        : List.of("SHA256withECDSA");
            case "RSA" -> List.of("SHA256withRSA", "RSASSA-PSS");
            default -> List.of("Ed25519");
        };
    }

    private int curveBits() {
        return ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize();
    }
}
