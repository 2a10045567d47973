package io.github.blobdownloader.pull;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/**
 * The warm-up's failures are ignored by {@link ColdStart}, so a warm-up that stopped working (a nonce the
 * cipher refuses, a digest the JDK does not have) would only make downloads slower, without a word: these
 * tests make such a change fail instead.
 */
class CryptoWarmUpTest {

    @Test
    void everyRecordIsSealedWithAFreshNonce() {
        // The cipher refuses a nonce used twice for encryption: the loop must change it on every call.
        assertDoesNotThrow(CryptoWarmUp::aesGcm);
    }

    @Test
    void theOtherDigestsAndSha256AreAvailable() {
        assertDoesNotThrow(CryptoWarmUp::sha256);
    }
}
