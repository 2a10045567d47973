package io.github.blobdownloader.pull;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Calls that make the JIT compile SHA-256 and TLS's AES-GCM with their CPU instructions before
 * the blobs arrive. HotSpot uses those instructions (SHA-NI, AES-NI, carry-less multiply) only inside code
 * its optimising compiler made from a <em>caller</em> of the JDK's crypto loops; until then the loops run as
 * bytecode, several times slower, and in a Maven JVM that compiler's one thread is busy with Maven's own
 * methods for a while. The calls here are many and small, so the callers reach the compile threshold after a
 * few MiB instead of the first tens of MiB of a download, with the branches a real stream takes (lengths that
 * leave partial blocks).
 */
final class CryptoWarmUp {

    /** More calls than the optimising compiler's threshold (about 5000), with margin for a busy queue. */
    private static final int DIGEST_CALLS = 12_000;

    private static final int CIPHER_CALLS = 8_000;
    private static final int RECORD = 256;
    /** Whole blocks, partial blocks, a block split across calls: the paths a socket's reads take. */
    private static final int[] LENGTHS = {64, 200, 17, 130, 64, 1000, 3, 128};
    /**
     * The JDK's other digests. Loaded after SHA-256's compiled code exists, any of them would throw that code
     * away (it was compiled on the assumption that SHA-256 is the only one) and the wait would start over;
     * the TLS stack and the JDK's jar and key store code load them during a pull.
     */
    private static final String[] OTHER_DIGESTS = {"SHA-1", "SHA-224", "SHA-384", "SHA-512", "MD5"};

    private CryptoWarmUp() {}

    static void sha256() throws GeneralSecurityException {
        for (String other : OTHER_DIGESTS) {
            MessageDigest.getInstance(other).update(new byte[64]);
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1024 + 64];
        for (int i = 0; i < DIGEST_CALLS; i++) {
            sha.update(buffer, i & 63, LENGTHS[i % LENGTHS.length]);
        }
        sha.digest();
    }

    /**
     * AES-GCM over small buffers: compiles the loops TLS decryption shares with encryption (GHASH, counter
     * mode, the AES block) into callers that use the CPU's instructions. Encrypting, not decrypting: records
     * decrypted in place as JSSE does made the compiler build the large decrypt-only methods early, for a
     * profile the real 16 KiB records then invalidated, so they were compiled twice and the 1 GiB TLS pull
     * took about 0.1 s longer (medians of 8, interleaved).
     */
    static void aesGcm() throws GeneralSecurityException {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
        ByteBuffer plain = ByteBuffer.allocate(RECORD + 16);
        ByteBuffer sealed = ByteBuffer.allocate(RECORD + 16);
        byte[] record = new byte[RECORD];
        byte[] nonce = new byte[12];
        for (int i = 0; i < CIPHER_CALLS; i++) {
            // A nonce is never used twice for encryption, not even here: the cipher refuses it.
            nonce[0] = (byte) i;
            nonce[1] = (byte) (i >> 8);
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            plain.clear().put(record).flip();
            sealed.clear();
            gcm.doFinal(plain, sealed);
        }
    }
}
